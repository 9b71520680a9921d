/** Tunables of the strategy, with the defaults the harness's guidance asks for. */
import { z } from 'zod';
import { AUTOPILOT_STRATEGIES } from '../../../config/schema';

/** Which candidate generators run; each can be switched off from the benchmark YAML. */
export const strategySwitchesSchema = z.object({
  /** one candidate per available model */
  modelSweep: z.boolean().default(true),
  /** explicit output-format / schema instructions in the system prompt */
  formatInstructions: z.boolean().default(true),
  /** worked examples from high-reward train episodes */
  fewShot: z.boolean().default(true),
  /** "reason first, then answer" instructions (chat functions only) */
  chainOfThought: z.boolean().default(true),
  /** a system prompt rewritten by `optimizerModel` (needs that model set) */
  optimizerRewrite: z.boolean().default(true),
});

/**
 * What the session proposes: `optimiser` is the real strategy; the others are the benchmark's
 * controls (control-candidates.ts), which should not beat the baseline by more than chance.
 */
export type AutopilotStrategy = (typeof AUTOPILOT_STRATEGIES)[number];

export const strategyOptionsSchema = z.object({
  strategy: z.enum(AUTOPILOT_STRATEGIES).default('optimiser'),
  /** seeds the random_edit control (the worker passes the run's seed) */
  seed: z.number().int().default(0),
  strategies: strategySwitchesSchema.prefault({}),
  /** worked examples per candidate prompt */
  fewShotK: z.number().int().min(0).max(32).default(4),
  /** new variants kept per session after selection, besides the current best */
  maxNewVariants: z.number().int().min(1).max(8).default(3),
  /** candidates generated before selection narrows them to `maxNewVariants` */
  candidatePoolSize: z.number().int().min(1).max(32).default(8),
  /** characters of example input + output per prompt */
  exampleCharBudget: z.number().int().min(0).default(3000),
  /** inferences read per function */
  inferenceLimit: z.number().int().min(1).max(100_000).default(1000),
  /** model that rewrites system prompts (e.g. `openai::gpt-4o`); null = no rewrite */
  optimizerModel: z.string().min(1).nullable().default(null),
  /** stored train examples each candidate is scored on before deployment (0 = no pre-deployment scoring) */
  selectionExamples: z.number().int().min(0).max(1000).default(20),
  /** USD the session may spend on its own inferences (scoring, rewriting); null = no limit */
  budgetUsd: z.number().min(0).nullable().default(null),
  /** ask the operator (user_questions) when a choice needs them, e.g. no allowed models were named */
  askOperator: z.boolean().default(true),
  /** track-and-stop settings; low samples and a short period keep the benchmark loop fast */
  minSamplesPerVariant: z.number().int().min(1).default(5),
  delta: z.number().gt(0).lt(1).default(0.1),
  epsilon: z.number().min(0).default(0),
  updatePeriodS: z.number().int().min(1).default(5),
});

export type StrategyOptions = z.input<typeof strategyOptionsSchema>;
export type ResolvedStrategyOptions = z.output<typeof strategyOptionsSchema>;

export function resolveStrategyOptions(options: StrategyOptions = {}): ResolvedStrategyOptions {
  return strategyOptionsSchema.parse(options);
}
