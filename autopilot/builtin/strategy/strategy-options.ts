/** Tunables of the strategy, with the defaults the harness's guidance asks for. */
import { z } from 'zod';

export const strategyOptionsSchema = z.object({
  /** worked examples per candidate prompt */
  fewShotK: z.number().int().min(0).max(32).default(4),
  /** new variants per session, besides the current best */
  maxNewVariants: z.number().int().min(1).max(8).default(3),
  /** characters of example input + output per prompt */
  exampleCharBudget: z.number().int().min(0).default(3000),
  /** inferences read per function */
  inferenceLimit: z.number().int().min(1).max(100_000).default(1000),
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
