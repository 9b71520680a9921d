import { GatewayConfigError } from '../config/config-error';

/**
 * Ours, not TensorZero's: the environment variable that makes the built-in gateway's adaptive
 * experiments reproducible (seeded per-episode draws, recomputation at start-up and at read
 * instead of on a timer). The harness sets it to the run's seed.
 */
export const GATEWAY_SEED_VARIABLE = 'AUTOPILOT_BENCH_GATEWAY_SEED';

/** The seed from the environment; undefined when unset or empty; an error naming the variable otherwise. */
export function readGatewaySeed(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[GATEWAY_SEED_VARIABLE];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) {
    throw new GatewayConfigError({ keyPath: `env ${GATEWAY_SEED_VARIABLE}`, problem: `must be an integer, got ${JSON.stringify(raw)}` });
  }
  return seed;
}
