/** Simulated model tiers: how skilled, how slow and how expensive each one is. */

export type SimTierName = 'small' | 'medium' | 'large';

export interface LatencyProfile {
  /** fixed cost of one call */
  baseMs: number;
  /** time per generated token */
  perOutputTokenMs: number;
  /** uniform extra delay in [0, jitterMs) */
  jitterMs: number;
}

export interface SimTier {
  name: SimTierName;
  /** 0..1; drives the content-mistake rate and the JSON error probabilities (see skill.ts) */
  skill: number;
  latency: LatencyProfile;
  /** USD per 1M tokens */
  pricePerMillion: { input: number; output: number };
}

export const SIM_TIERS: Record<SimTierName, SimTier> = {
  small: { name: 'small', skill: 0.5, latency: { baseMs: 3, perOutputTokenMs: 0.02, jitterMs: 5 }, pricePerMillion: { input: 0.1, output: 0.4 } },
  medium: { name: 'medium', skill: 0.68, latency: { baseMs: 6, perOutputTokenMs: 0.05, jitterMs: 10 }, pricePerMillion: { input: 0.5, output: 2 } },
  large: { name: 'large', skill: 0.86, latency: { baseMs: 10, perOutputTokenMs: 0.1, jitterMs: 20 }, pricePerMillion: { input: 2.5, output: 10 } },
};

export const SIM_TIER_NAMES = Object.keys(SIM_TIERS) as SimTierName[];

export class UnknownSimTierError extends Error {
  override name = 'UnknownSimTierError';
  constructor(readonly model: string) {
    super(`The model \`${model}\` does not exist; the simulated provider serves: ${SIM_TIER_NAMES.join(', ')}`);
  }
}

/** The tier a request's `model` names; a `sim::` prefix is tolerated. Throws UnknownSimTierError. */
export function resolveTier(model: string): SimTier {
  const name = model.startsWith('sim::') ? model.slice('sim::'.length) : model;
  if (!Object.prototype.hasOwnProperty.call(SIM_TIERS, name)) throw new UnknownSimTierError(model);
  return SIM_TIERS[name as SimTierName];
}

/** USD for the given token counts at the tier's price. */
export function costUsd(tier: SimTier, promptTokens: number, completionTokens: number): number {
  const usd = (promptTokens * tier.pricePerMillion.input + completionTokens * tier.pricePerMillion.output) / 1_000_000;
  return Math.round(usd * 1e12) / 1e12; // avoid float noise like 1.0000000000000002e-6
}

/** Simulated latency of one call; `unit` is a uniform draw in [0, 1) for the jitter. */
export function latencyMs(tier: SimTier, completionTokens: number, scale: number, unit: number): number {
  if (scale <= 0) return 0;
  const { baseMs, perOutputTokenMs, jitterMs } = tier.latency;
  return scale * (baseMs + perOutputTokenMs * completionTokens + jitterMs * unit);
}
