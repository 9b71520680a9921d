import type { EnvironmentConfig } from './schema';

/** The llmgym environment to instantiate: `llmgym_env`, or `name` when unset (Harbor datasets set `harbor_v0`). */
export function effectiveLlmgymEnv(env: EnvironmentConfig): string {
  return env.llmgym_env ?? env.name;
}

/** Episodes per test rollout; null **or 0** falls back to `episodes_per_iteration` (the original's truthiness test). */
export function testEpisodes(env: EnvironmentConfig): number {
  return env.test_episodes_per_iteration || env.episodes_per_iteration;
}

/** Test rollout concurrency; null or 0 falls back to `episode_concurrency`. */
export function testConcurrency(env: EnvironmentConfig): number {
  return env.test_episode_concurrency || env.episode_concurrency;
}

/** Per-episode test timeout in seconds; only null falls back to `episode_timeout` (0 is kept as-is). */
export function testTimeout(env: EnvironmentConfig): number | null {
  return env.test_episode_timeout ?? env.episode_timeout;
}

/** The run's seed: the CLI `--seed` when given, else the YAML `seed` (null when neither is set). */
export function effectiveSeed(cliSeed: number | null, env: EnvironmentConfig): number | null {
  return cliSeed ?? env.seed;
}
