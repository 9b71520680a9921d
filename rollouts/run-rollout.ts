import { planTasks } from './task-selection';
import { runEpisodesConcurrently } from './episode-schedule';
import { runEpisodeWithDeadline } from './episode-deadline';
import { RolloutProgressCounter } from './rollout-progress';
import { recordRollout } from './rollout-record';
import type { RolloutOptions, RolloutResult } from './types';

export type { RolloutGateway, RolloutOptions } from './types';

/**
 * One rollout: plan which task each episode runs, run the episodes concurrently (each under
 * its own time limit), then record the summary and the per-episode files. A cancelled rollout
 * rejects with the abort reason and writes no files.
 */
export async function runRollout(options: RolloutOptions): Promise<RolloutResult> {
  const plan = planTasks({ requested: options.episodes, numTasks: await countTasks(options), seed: options.seed, uniqueTasks: options.uniqueTasks });
  const progress = new RolloutProgressCounter(plan.episodes, options.onProgress);
  const results = await runEpisodesConcurrently(
    plan.episodes,
    options.concurrency,
    (episodeNum) => runEpisodeWithDeadline(options, episodeNum, plan.taskIndex(episodeNum)),
    (result) => progress.settled(result),
  );
  options.signal?.throwIfAborted();
  return recordRollout(options.outputDir, results);
}

/** The number of tasks in the split, from a probe instance that is closed again at once. */
async function countTasks(options: RolloutOptions): Promise<number | null> {
  const probe = await options.environment.make({ taskSplit: options.taskSplit, config: options.envConfig, gateway: options.gateway });
  const numTasks = probe.numTasks;
  await probe.close();
  return numTasks;
}
