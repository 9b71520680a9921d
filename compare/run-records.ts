/**
 * What `compare` reads from a run directory, validated with zod because the files come from disk
 * (possibly from another version of the harness): the parts of `results/run.json` that identify
 * the run, and from each `results/iterations.json` entry its number and its `paired_evaluation`
 * record (compare/README.md lists the fields read). Fields compare does not use are ignored, so
 * later additions to either file do not break it.
 */
import { z } from 'zod';

const Probability = z.number().min(0).max(1);

/** A mean with its interval; a bound is null when the data cannot give one (a single value of an unbounded metric). */
const MeanWithInterval = z.object({
  mean: z.number().nullable(),
  ci: z.tuple([z.number().nullable(), z.number().nullable()]).nullable(),
  method: z.string(),
});

export const PairedEvaluationSchema = z.object({
  metric_name: z.string().min(1),
  metric_type: z.enum(['boolean', 'float']),
  optimize: z.enum(['max', 'min']),
  policy: z.object({ kind: z.string() }).optional(),
  n_tasks: z.number().int().min(0),
  repeats: z.number().int().min(1).optional(),
  baseline: MeanWithInterval,
  policy_metric: MeanWithInterval,
  delta: MeanWithInterval.nullable(),
  p_value: Probability.nullable(),
  test: z.string().nullable(),
});

export const IterationEntrySchema = z.object({
  iteration_number: z.number().int().min(0),
  phase: z.string(),
  paired_evaluation: PairedEvaluationSchema.nullable().optional(),
});

export const IterationsFileSchema = z.array(IterationEntrySchema);

export const RunFileSchema = z.object({
  id: z.string(),
  environment_name: z.string().min(1),
  eval_config: z.object({ metric_name: z.string().min(1) }),
  seed: z.number().int().nullable(),
  status: z.string(),
});

export type PairedEvaluation = z.output<typeof PairedEvaluationSchema>;
export type RunFile = z.output<typeof RunFileSchema>;
export type IterationEntry = z.output<typeof IterationEntrySchema>;
