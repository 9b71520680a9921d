import type { TrackAndStopExperimentation } from '../config/types';
import { optimalAllocation } from './allocation';
import { checkStopping } from './stopping-rule';
import type { ArmStatistics } from './types';

export type TrackAndStopPhase = 'winner' | 'nursery' | 'bandit' | 'mixed';

/**
 * What track-and-stop samples from until the next recomputation: `nursery` arms share
 * `nurseryMass` round-robin; the rest of the mass follows `bandit`.
 */
export interface TrackAndStopState {
  phase: TrackAndStopPhase;
  nursery: string[];
  nurseryMass: number;
  bandit: Record<string, number>;
  /** the declared winner among the bandit arms, if the stopping test passed */
  winner?: string;
}

/** Computes the state from per-candidate statistics in raw orientation (negated here for `min`). */
export function computeTrackAndStopState(
  stats: ArmStatistics[],
  config: TrackAndStopExperimentation,
  optimize: 'max' | 'min',
): TrackAndStopState {
  const oriented = stats.map((arm) => (optimize === 'min' ? { ...arm, mean: -arm.mean } : arm));
  if (oriented.length === 1) {
    return { phase: 'winner', nursery: [], nurseryMass: 0, bandit: { [oriented[0].variant]: 1 }, winner: oriented[0].variant };
  }
  const nursery = oriented.filter((arm) => arm.count < config.minSamplesPerVariant);
  const bandit = oriented.filter((arm) => arm.count >= config.minSamplesPerVariant);
  if (nursery.length > 0 && bandit.length < 2) {
    return { phase: 'nursery', nursery: oriented.map((arm) => arm.variant), nurseryMass: 1, bandit: {} };
  }
  const stopping = checkStopping(bandit, config);
  const banditProbabilities =
    stopping.stopped && stopping.leader ? { [stopping.leader]: 1 } : optimalAllocation(bandit, config);
  const nurseryMass = nursery.length / oriented.length;
  return {
    phase: stopping.stopped ? 'winner' : nursery.length > 0 ? 'mixed' : 'bandit',
    nursery: nursery.map((arm) => arm.variant),
    nurseryMass,
    bandit: banditProbabilities,
    winner: stopping.stopped ? stopping.leader : undefined,
  };
}

/** The overall distribution a state samples from. */
export function stateProbabilities(state: TrackAndStopState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const variant of state.nursery) out[variant] = state.nurseryMass / state.nursery.length;
  for (const [variant, p] of Object.entries(state.bandit)) out[variant] = (out[variant] ?? 0) + (1 - state.nurseryMass) * p;
  return out;
}
