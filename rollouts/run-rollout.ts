import { planTasks } from './task-selection';
import { runEpisodesConcurrently } from './episode-schedule';
import { runEpisodeWithDeadline } from './episode-deadline';
import { RolloutProgressCounter } from './rollout-progress';
import { recordRollout } from './rollout-record';
import type { EpisodePlan, RolloutOptions, RolloutResult, VariantPin } from './types';

export type { EpisodePlan, RolloutGateway, RolloutOptions } from './types';

/**
 * One rollout: plan which task each episode runs, run the episodes concurrently (each under
 * its own time limit), then record the summary and the per-episode files. A cancelled rollout
 * rejects with the abort reason and writes no files.
 */
export async function runRollout(options: RolloutOptions): Promise<RolloutResult> {
  const numTasks = await countTasks(options);
  const plan = options.planEpisodes
    ? options.planEpisodes(numTasks)
    : planTasks({ requested: options.episodes, numTasks, seed: options.seed, uniqueTasks: options.uniqueTasks });
  const progress = new RolloutProgressCounter(plan.episodes, options.onProgress);
  const results = await runEpisodesConcurrently(
    plan.episodes,
    options.concurrency,
    (episodeNum) => runEpisodeWithDeadline(options, episodeNum, plan.taskIndex(episodeNum), pinFor(plan, episodeNum)),
    (result) => progress.settled(result),
  );
  options.signal?.throwIfAborted();
  return recordRollout(options.outputDir, results);
}

/** The episode's variant pin per function, when the plan pins variants. */
function pinFor(plan: EpisodePlan, episodeNum: number): VariantPin | undefined {
  const variantFor = plan.variantFor?.bind(plan);
  return variantFor ? (functionName) => variantFor(episodeNum, functionName) : undefined;
}

/** The number of tasks in the split, from a probe instance that is closed again at once. */
async function countTasks(options: RolloutOptions): Promise<number | null> {
  const probe = await options.environment.make({ taskSplit: options.taskSplit, config: options.envConfig, gateway: options.gateway });
  const numTasks = probe.numTasks;
  await probe.close();
  return numTasks;
}
