import type { BenchmarkConfig, EnvironmentConfig } from './schema';

/** `--env NAME` matched no environment of the config. */
export class UnknownEnvironmentError extends Error {
  override readonly name = 'UnknownEnvironmentError';
  constructor(
    readonly requested: string,
    readonly knownNames: string[],
  ) {
    super(`no environment named "${requested}" in the config; known names: ${knownNames.map((n) => `"${n}"`).join(', ')}`);
  }
}

/** A CLI override outside its allowed range (e.g. `--episodes 0`). */
export class InvalidOverrideError extends Error {
  override readonly name = 'InvalidOverrideError';
  constructor(
    readonly flag: string,
    readonly value: unknown,
    readonly requirement: string,
  ) {
    super(`${flag}: ${requirement} (got ${JSON.stringify(value)})`);
  }
}

/** The `run` flags that change what runs (reference/original-harness.md §2.1). */
export interface RunOverrides {
  /** `--env`: only the environment with exactly this name */
  env?: string;
  /** `--num-iterations` */
  numIterations?: number;
  /** `--episodes`: overrides both `episodes_per_iteration` and `test_episodes_per_iteration` */
  episodes?: number;
  /** `--seed`: seeds task selection and is recorded in run.json; it never changes eval_config */
  seed?: number;
  /** `--seeds`: one run per seed (overrides the YAML `seeds`); never together with `--seed` */
  seeds?: number[];
  /** `--snapshot DIR`: restore the baseline from DIR; without `--num-iterations` the run does 1 iteration */
  snapshot?: string;
}

export interface ResolvedRun {
  /** the config with the selected environments, overrides applied (this is what eval_config dumps) */
  config: BenchmarkConfig;
  seed: number | null;
  /** `--seeds`, when given */
  seeds: number[] | null;
  snapshot: string | null;
}

/** The environments to run: the one named `name`, or all in file order when no name is given. */
export function selectEnvironments(config: BenchmarkConfig, name?: string): EnvironmentConfig[] {
  if (name === undefined) return [...config.environments];
  const selected = config.environments.filter((env) => env.name === name);
  if (selected.length === 0) throw new UnknownEnvironmentError(name, config.environments.map((env) => env.name));
  return selected;
}

function requireInt(flag: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new InvalidOverrideError(flag, value, `must be an integer ≥ ${min}`);
  }
}

/** Applies the `run` command's overrides with the original semantics; the input config is not modified. */
export function applyRunOverrides(config: BenchmarkConfig, overrides: RunOverrides): ResolvedRun {
  requireInt('--num-iterations', overrides.numIterations, 0);
  requireInt('--episodes', overrides.episodes, 1);
  requireInt('--seed', overrides.seed, Number.MIN_SAFE_INTEGER);
  if (overrides.seeds !== undefined) requireSeedList(overrides.seeds);
  // The CLI checks this too; here it guards callers that build overrides themselves.
  if (overrides.seed !== undefined && overrides.seeds !== undefined) {
    throw new InvalidOverrideError('--seeds', overrides.seeds, 'cannot be combined with --seed (give one seed or a list)');
  }
  // With a snapshot the baseline is already done; the YAML's iteration count is ignored unless given explicitly.
  const numIterations = overrides.numIterations ?? (overrides.snapshot !== undefined ? 1 : undefined);
  const environments = selectEnvironments(config, overrides.env).map((env) => ({
    ...env,
    ...(numIterations !== undefined && { num_iterations: numIterations }),
    ...(overrides.episodes !== undefined && {
      episodes_per_iteration: overrides.episodes,
      test_episodes_per_iteration: overrides.episodes,
    }),
  }));
  return {
    config: { ...config, environments },
    seed: overrides.seed ?? null,
    seeds: overrides.seeds ?? null,
    snapshot: overrides.snapshot ?? null,
  };
}

function requireSeedList(seeds: number[]): void {
  if (seeds.length === 0) throw new InvalidOverrideError('--seeds', seeds, 'must list at least one seed');
  seeds.forEach((seed, index) => {
    requireInt('--seeds', seed, Number.MIN_SAFE_INTEGER);
    if (seeds.indexOf(seed) < index) throw new InvalidOverrideError('--seeds', seeds, `lists seed ${seed} twice`);
  });
}

/**
 * The seeds an environment runs with, one run each: `--seeds`, else `--seed`, else the YAML
 * `seeds`, else one run whose seed is `null` (the YAML `seed` is read further on). Snapshot
 * runs take no seed.
 */
export function runSeeds(resolved: Pick<ResolvedRun, 'seed' | 'seeds'>, env: EnvironmentConfig, snapshotMode = false): (number | null)[] {
  if (snapshotMode) return [null];
  if (resolved.seeds !== null) return [...resolved.seeds];
  if (resolved.seed !== null) return [resolved.seed];
  if (env.seeds !== undefined) return [...env.seeds];
  return [null];
}
