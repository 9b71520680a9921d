/** Simulated model tiers: how slow and how expensive each one is (how skilled is drawn per seed: response-surface.ts). */

export type SimTierName = 'small' | 'medium' | 'large';

export interface LatencyProfile {
  /** fixed cost of one call */
  baseMs: number;
  /** time per prompt token read (long prompts, e.g. many worked examples, are slower) */
  perInputTokenMs: number;
  /** time per generated token */
  perOutputTokenMs: number;
  /** uniform extra delay in [0, jitterMs) */
  jitterMs: number;
}

export interface SimTier {
  name: SimTierName;
  latency: LatencyProfile;
  /** USD per 1M tokens */
  pricePerMillion: { input: number; output: number };
}

export const SIM_TIERS: Record<SimTierName, SimTier> = {
  small: { name: 'small', latency: { baseMs: 3, perInputTokenMs: 0.002, perOutputTokenMs: 0.02, jitterMs: 5 }, pricePerMillion: { input: 0.1, output: 0.4 } },
  medium: { name: 'medium', latency: { baseMs: 6, perInputTokenMs: 0.004, perOutputTokenMs: 0.05, jitterMs: 10 }, pricePerMillion: { input: 0.5, output: 2 } },
  large: { name: 'large', latency: { baseMs: 10, perInputTokenMs: 0.008, perOutputTokenMs: 0.1, jitterMs: 20 }, pricePerMillion: { input: 2.5, output: 10 } },
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
export function latencyMs(tier: SimTier, tokens: { prompt: number; completion: number }, scale: number, unit: number): number {
  if (scale <= 0) return 0;
  const { baseMs, perInputTokenMs, perOutputTokenMs, jitterMs } = tier.latency;
  return scale * (baseMs + perInputTokenMs * tokens.prompt + perOutputTokenMs * tokens.completion + jitterMs * unit);
}
