import { createRng } from '../common/oracle-contract/rng';
import type { Rng } from '../common/oracle-contract/oracle';
import type { SimTierName } from './tiers';

/**
 * The hidden response surface of one seed: how much each tier knows and what each prompt change
 * is worth. Drawn from the run's seed from the distributions documented in README.md (never a
 * seed's draw), so an autopilot cannot hard-code which changes help — it has to measure them.
 */
export interface ResponseSurface {
  /** 0..1 per tier; always small < medium < large, but the gaps (and so what a bigger tier's price buys) vary */
  tierSkill: Record<SimTierName, number>;
  /** mistake-rate factor of a (non-negated) step-by-step request, per tier; above 1 = it hurts */
  chainOfThought: Record<SimTierName, number>;
  /** extra factor on step-by-step when a strict schema leaves no key to reason into (1 = harmless) */
  strictSchemaThinkingPenalty: number;
  /** largest share of mistakes that correct worked examples remove */
  exampleGain: number;
  /** the number of distinct examples beyond which more only cost context */
  exampleOptimum: number;
  /** mistake-rate increase per example beyond the optimum */
  exampleOverloadCost: number;
  /** mistake-rate increase per distinct wrong example */
  wrongExampleHarm: number;
  /** mistake-rate factor of format instructions that match the output */
  formatInstructionFactor: number;
  /** how strongly the temperature moves the mistake rate */
  temperatureSlope: number;
  /** mistake-rate factor per contradiction among the instructions */
  contradictionCost: number;
}

const uniform = (rng: Rng, low: number, high: number) => low + (high - low) * rng.next();

/** Draws the surface for a seed; the same seed always gives the same surface. */
export function drawResponseSurface(seed: number): ResponseSurface {
  const rng = createRng(`response-surface\n${seed}`);
  const small = uniform(rng, 0.46, 0.54);
  const medium = small + uniform(rng, 0.12, 0.24);
  const large = Math.min(0.95, medium + uniform(rng, 0.08, 0.28));
  return {
    tierSkill: { small, medium, large },
    chainOfThought: { small: uniform(rng, 0.62, 1.0), medium: uniform(rng, 0.7, 1.02), large: uniform(rng, 0.8, 1.08) },
    strictSchemaThinkingPenalty: rng.chance(0.5) ? 1 : uniform(rng, 1.05, 1.3),
    exampleGain: uniform(rng, 0.3, 0.6),
    exampleOptimum: 2 + rng.int(7),
    exampleOverloadCost: uniform(rng, 0.02, 0.08),
    wrongExampleHarm: uniform(rng, 0.2, 0.45),
    formatInstructionFactor: uniform(rng, 0.85, 0.95),
    temperatureSlope: uniform(rng, 0.2, 0.4),
    contradictionCost: uniform(rng, 1.15, 1.4),
  };
}

const surfaces = new Map<number, ResponseSurface>();

/** drawResponseSurface, memoised per seed (a run asks for it on every request). */
export function responseSurface(seed: number): ResponseSurface {
  let surface = surfaces.get(seed);
  if (!surface) {
    surface = drawResponseSurface(seed);
    surfaces.set(seed, surface);
  }
  return surface;
}
