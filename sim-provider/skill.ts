import type { PromptFeatures } from './prompt-features';
import type { SimTier } from './tiers';

/**
 * The skill model: tier + measurable prompt features → error rates. Pure; the numbers are tuned
 * so the shipped NER data lands in the bands documented in README.md (see skill-bands.test.ts).
 */
export interface ErrorProfile {
  /** expected number of content mistakes for an instance of difficulty 1 (Poisson mean) */
  mistakeRate: number;
  /** probability that a JSON answer does not parse */
  malformedJsonProbability: number;
  /** probability that a JSON answer parses but has the wrong shape */
  schemaViolationProbability: number;
}

/** Worked examples help with diminishing returns: 1 → ×0.82, 3 → ×0.68, 5 → ×0.61, many → ×0.55. */
export function exampleFactor(examples: number): number {
  return 1 - 0.45 * (1 - Math.exp(-examples / 2.5));
}

/** Unset temperature = the model's default (neutral); 0 helps a little, 1+ hurts. */
export function temperatureFactor(temperature: number | null): number {
  if (temperature === null) return 1;
  return Math.min(1.45, Math.max(0.85, 0.85 + 0.3 * temperature));
}

/**
 * Asking for step-by-step reasoning helps a little, and more for weaker tiers (a strong model
 * already gets most instances right without it): small ×0.8, medium ×0.85, large ×0.93.
 */
const CHAIN_OF_THOUGHT_FACTOR: Record<SimTier['name'], number> = { small: 0.8, medium: 0.85, large: 0.93 };

export function chainOfThoughtFactor(tier: SimTier): number {
  return CHAIN_OF_THOUGHT_FACTOR[tier.name];
}

export function errorProfile(tier: SimTier, features: PromptFeatures): ErrorProfile {
  const unskill = 1 - tier.skill;
  const examples = features.workedExamples;
  const temperature = temperatureFactor(features.temperature);

  const mistakeRate =
    2.2 * unskill * (features.formatInstructions ? 0.9 : 1) * exampleFactor(examples) * (features.asksStepByStep ? chainOfThoughtFactor(tier) : 1) * temperature;

  let malformedJsonProbability: number;
  if (features.responseFormat === 'json_schema') {
    malformedJsonProbability = 0.002; // constrained decoding: only pathological cases slip through
  } else {
    let p = 0.1 + 0.6 * unskill;
    if (features.responseFormat === 'json_object') p *= 0.08;
    if (features.formatInstructions) p *= 0.15;
    else if (features.mentionsJson) p *= 0.5;
    p *= 1 - 0.6 * (1 - Math.exp(-examples / 2));
    malformedJsonProbability = Math.min(0.95, p * temperature);
  }

  let schemaViolationProbability: number;
  const keysKnown = features.outputKeys.length === 0 || features.namesOutputKeys || examples > 0;
  if (features.responseFormat === 'json_schema') schemaViolationProbability = 0;
  else if (!keysKnown) schemaViolationProbability = 0.85; // the model has to guess the key names
  else schemaViolationProbability = Math.min(0.95, 0.12 * unskill * exampleFactor(examples) * temperature);

  return { mistakeRate, malformedJsonProbability, schemaViolationProbability };
}
