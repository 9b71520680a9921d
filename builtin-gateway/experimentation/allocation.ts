import { findLeader, VARIANCE_FLOOR } from './stopping-rule';
import type { ArmStatistics } from './types';

/** Internal floor of `min_prob` (as TensorZero's). */
export const MIN_PROB_FLOOR = 1e-6;
/** Weight of the uniform distribution mixed into the allocation. */
export const UNIFORM_REGULARISATION = 0.01;
const GAP_FLOOR = 1e-6;
const EQUAL_TOLERANCE = 1e-9;

export interface AllocationOptions {
  epsilon: number;
  minProb: number;
}

/**
 * Sampling probabilities for the bandit arms.
 *
 * APPROXIMATION: TensorZero solves the ε-aware optimal allocation of best-arm identification
 * as a second-order cone program. We use the closed form that the Gaussian optimality
 * conditions give instead: each challenger j gets w_j ∝ σ²_j / Δ_j² with Δ_j = μ_L − μ_j + ε
 * (floored), and the leader gets w_L = σ_L·√(Σ_j w_j²/σ²_j). The result is mixed with 1 %
 * uniform and every arm is raised to at least max(min_prob, 1e-6). Arms that are all equal
 * (means and variances) get the uniform distribution. Means must be oriented higher-is-better.
 */
export function optimalAllocation(arms: ArmStatistics[], options: AllocationOptions): Record<string, number> {
  const k = arms.length;
  if (k === 0) return {};
  if (k === 1) return { [arms[0].variant]: 1 };
  const uniform = () => Object.fromEntries(arms.map((arm) => [arm.variant, 1 / k]));
  const allEqual = arms.every(
    (arm) => Math.abs(arm.mean - arms[0].mean) <= EQUAL_TOLERANCE && Math.abs(arm.variance - arms[0].variance) <= EQUAL_TOLERANCE,
  );
  if (allEqual) return uniform();

  const leaderIndex = findLeader(arms);
  const variance = (arm: ArmStatistics) => Math.max(arm.variance, VARIANCE_FLOOR);
  const weights = arms.map((arm, i) => {
    if (i === leaderIndex) return 0;
    const gap = Math.max(arms[leaderIndex].mean - arm.mean + options.epsilon, GAP_FLOOR);
    return variance(arm) / (gap * gap);
  });
  const balance = weights.reduce((sum, w, i) => (i === leaderIndex ? sum : sum + (w * w) / variance(arms[i])), 0);
  weights[leaderIndex] = Math.sqrt(variance(arms[leaderIndex]) * balance);
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!Number.isFinite(total) || total <= 0) return uniform();

  const regularised = weights.map((w) => (1 - UNIFORM_REGULARISATION) * (w / total) + UNIFORM_REGULARISATION / k);
  const floored = applyFloor(regularised, Math.max(options.minProb, MIN_PROB_FLOOR));
  return Object.fromEntries(arms.map((arm, i) => [arm.variant, floored[i]]));
}

/** Raises every probability to `floor`, taking the mass proportionally from the arms above it. */
export function applyFloor(probabilities: number[], floor: number): number[] {
  const k = probabilities.length;
  if (floor * k >= 1) return probabilities.map(() => 1 / k);
  const fixed = new Set<number>();
  let out = [...probabilities];
  for (;;) {
    const below = out.map((_, i) => i).filter((i) => !fixed.has(i) && out[i] < floor);
    if (below.length === 0) return out;
    below.forEach((i) => fixed.add(i));
    const free = out.map((_, i) => i).filter((i) => !fixed.has(i));
    const freeMass = 1 - fixed.size * floor;
    const freeTotal = free.reduce((sum, i) => sum + out[i], 0);
    out = out.map((p, i) => (fixed.has(i) ? floor : (p / freeTotal) * freeMass));
  }
}
