import { resolveEnvironment } from '../../environments/resolve';
import { episodeIdsFor } from '../../rollouts/episode-ids';
import { runRollout, type EpisodePlan, type RolloutGateway } from '../../rollouts/run-rollout';
import type { RolloutResult } from '../../rollouts/types';
import { testConcurrency, testEpisodes, testTimeout, effectiveLlmgymEnv, effectiveSeed } from '../../config/derived';
import type { BenchmarkRunInput } from '../../workflows/shared';
import { activitySignal } from '../heartbeat';

export type RolloutSplit = 'train' | 'test';

/**
 * One rollout with the run's parameters for the split: train rollouts use the configured
 * split, count, concurrency and timeout with the run's seed (CLI `--seed`, else the YAML's);
 * test rollouts always use split `test` and the test fallbacks (original-harness.md §3.2),
 * with the paired evaluation's plan when given (else unique tasks, as the original).
 */
export async function rolloutForSplit(
  input: BenchmarkRunInput,
  split: RolloutSplit,
  gateway: RolloutGateway,
  outputDir: string,
  report: (details: unknown) => void,
  label: string,
  planEpisodes?: (numTasks: number | null) => EpisodePlan,
): Promise<RolloutResult> {
  const env = input.env;
  const isTest = split === 'test';
  const seed = effectiveSeed(input.seed, env);
  const timeoutSeconds = isTest ? testTimeout(env) : env.episode_timeout;
  return runRollout({
    gateway,
    environment: resolveEnvironment(effectiveLlmgymEnv(env)),
    episodes: isTest ? testEpisodes(env) : env.episodes_per_iteration,
    concurrency: isTest ? testConcurrency(env) : env.episode_concurrency,
    taskSplit: isTest ? 'test' : env.task_split,
    envConfig: env.env_config,
    episodeTimeoutMs: timeoutSeconds === null || timeoutSeconds === undefined ? null : timeoutSeconds * 1000,
    seed,
    uniqueTasks: isTest,
    planEpisodes,
    // seeded ids make the built-in gateway's seeded experiment draws reproducible (rollouts/episode-ids.ts)
    episodeIds: episodeIdsFor(seed, label),
    outputDir,
    signal: activitySignal(),
    onProgress: (p) => report({ step: label, ...p }),
  });
}

/** The rollout summary without per-episode results. */
export function statsOf(result: RolloutResult) {
  return { total: result.total, succeeded: result.succeeded, failed: result.failed, error_counts: result.error_counts };
}
