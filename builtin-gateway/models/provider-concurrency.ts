/**
 * How many calls may be in flight per upstream (provider type + API base). TensorZero's config
 * has no key for this, so it is ours and set by environment:
 * `AUTOPILOT_BENCH_PROVIDER_CONCURRENCY` (default 64) for every type, and
 * `AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_<TYPE>` (e.g. `_ANTHROPIC`, `_SIM`) per type. A value is a
 * positive integer or `unlimited`. The simulator is unlimited unless `_SIM` says otherwise.
 */
import { z } from 'zod';

export const PROVIDER_CONCURRENCY_VARIABLE = 'AUTOPILOT_BENCH_PROVIDER_CONCURRENCY';
const DEFAULT_PROVIDER_CONCURRENCY = 64;

const limitSchema = z.union([z.literal('unlimited'), z.coerce.number().int().positive()]);

/** Thrown at start-up for a malformed limit variable. */
export class ProviderConcurrencyConfigError extends Error {
  override name = 'ProviderConcurrencyConfigError';
}

/** The limit for a provider type; undefined = unlimited. Throws on a malformed variable. */
export function providerConcurrencyLimit(providerType: string, env: NodeJS.ProcessEnv): number | undefined {
  const typeVariable = `${PROVIDER_CONCURRENCY_VARIABLE}_${providerType.toUpperCase()}`;
  const [variable, raw] = env[typeVariable] !== undefined ? [typeVariable, env[typeVariable]] : [PROVIDER_CONCURRENCY_VARIABLE, env[PROVIDER_CONCURRENCY_VARIABLE]];
  if (raw === undefined || raw === '') return providerType === 'sim' ? undefined : DEFAULT_PROVIDER_CONCURRENCY;
  if (providerType === 'sim' && variable === PROVIDER_CONCURRENCY_VARIABLE) return undefined;
  const parsed = limitSchema.safeParse(raw.trim());
  if (!parsed.success) throw new ProviderConcurrencyConfigError(`${variable} must be a positive integer or "unlimited", got '${raw}'`);
  return parsed.data === 'unlimited' ? undefined : parsed.data;
}

/** Checks every limit variable in `env` now, so a typo fails at start-up rather than at the first call. */
export function checkProviderConcurrencyVariables(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (name === PROVIDER_CONCURRENCY_VARIABLE) providerConcurrencyLimit('any', env);
    else if (name.startsWith(`${PROVIDER_CONCURRENCY_VARIABLE}_`)) providerConcurrencyLimit(name.slice(PROVIDER_CONCURRENCY_VARIABLE.length + 1).toLowerCase(), env);
  }
}
