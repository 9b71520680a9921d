import type { ArmStatistics } from './types';

export const VARIANCE_FLOOR = 1e-12;
const TIE_TOLERANCE = 1e-10;

export interface StoppingOptions {
  minSamplesPerVariant: number;
  delta: number;
  epsilon: number;
}

export interface StoppingResult {
  stopped: boolean;
  leader?: string;
  /** smallest pairwise statistic against the leader */
  minZ?: number;
  threshold?: number;
}

/**
 * The leader: highest mean (means already oriented so that higher is better); ties within
 * 1e-10 go to the smallest variance/count, then to the earlier arm.
 */
export function findLeader(arms: ArmStatistics[]): number {
  let best = -1;
  for (let i = 0; i < arms.length; i++) {
    if (best < 0) {
      best = i;
      continue;
    }
    const gap = arms[i].mean - arms[best].mean;
    if (gap > TIE_TOLERANCE) best = i;
    else if (Math.abs(gap) <= TIE_TOLERANCE && uncertainty(arms[i]) < uncertainty(arms[best])) best = i;
  }
  return best;
}

function uncertainty(arm: ArmStatistics): number {
  return Math.max(arm.variance, VARIANCE_FLOOR) / Math.max(arm.count, 1);
}

/**
 * Track-and-stop's stopping test (reference §3.7 item 4): for each non-leader arm
 * Z = (μ_L − μ_j + ε)² / (2·(σ²_L/n_L + σ²_j/n_j)) (0 when the gap is ≤ 0), variances floored
 * at 1e-12; stop when every arm has ≥ min samples and min Z > ln((1 + ln N)/δ), N the total
 * sample count. Means must already be negated for `optimize = "min"`.
 */
export function checkStopping(arms: ArmStatistics[], options: StoppingOptions): StoppingResult {
  if (arms.length === 0) return { stopped: false };
  if (arms.some((arm) => arm.count < options.minSamplesPerVariant)) return { stopped: false };
  const leaderIndex = findLeader(arms);
  const leader = arms[leaderIndex];
  if (arms.length === 1) return { stopped: true, leader: leader.variant };
  const total = arms.reduce((sum, arm) => sum + arm.count, 0);
  const threshold = Math.log((1 + Math.log(total)) / options.delta);
  let minZ = Infinity;
  arms.forEach((arm, index) => {
    if (index === leaderIndex) return;
    const gap = leader.mean - arm.mean + options.epsilon;
    const spread =
      Math.max(leader.variance, VARIANCE_FLOOR) / leader.count + Math.max(arm.variance, VARIANCE_FLOOR) / arm.count;
    const z = gap <= 0 ? 0 : (gap * gap) / (2 * spread);
    minZ = Math.min(minZ, z);
  });
  return { stopped: minZ > threshold, leader: leader.variant, minZ, threshold };
}
