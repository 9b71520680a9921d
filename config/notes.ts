import type { BenchmarkConfig } from './schema';

/**
 * Notes on keys of the original harness's schema that load but change nothing here, so a user
 * who sets one learns that it has no effect. `environments[].seed` is declared by the original
 * too and never read there either: only `--seed` seeds task selection.
 */
export function ignoredKeyNotes(config: BenchmarkConfig): string[] {
  return config.environments.flatMap((env, index) =>
    env.seed === null ? [] : [`environments[${index}].seed: ignored (got ${env.seed}): only --seed seeds task selection, as in the original harness; the value is kept in run.json's eval_config`],
  );
}
