import { z } from 'zod';
import { unsafePathComponentProblem } from '../safe-path';

/**
 * TensorZero's `EditPayload` (reference/tensorzero.md §4.2): the four upsert operations an
 * autopilot's `write_config` call carries, tagged by `operation`. Bodies (variant,
 * experimentation, evaluation, evaluator) are TOML tables as JSON; file-valued fields arrive
 * as inline file objects.
 */

/** One path component: names become directory names when inline files are written. */
const safeName = z.string().superRefine((name, ctx) => {
  const problem = unsafePathComponentProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `name '${name}' ${problem}` });
});

export const inlineFileSchema = z.strictObject({
  __tensorzero_remapped_path: z.string(),
  __data: z.string(),
});
export type InlineFile = z.infer<typeof inlineFileSchema>;

export const EXPERIMENTATION_TYPES = ['static', 'adaptive', 'uniform', 'static_weights', 'track_and_stop'] as const;

export const upsertVariantSchema = z.object({
  operation: z.literal('upsert_variant'),
  function_name: safeName,
  variant_name: safeName,
  variant: z.looseObject({ type: z.string().min(1) }),
});

export const upsertExperimentationSchema = z.object({
  operation: z.literal('upsert_experimentation'),
  function_name: safeName,
  experimentation: z
    .looseObject({ type: z.enum(EXPERIMENTATION_TYPES) })
    .refine((e) => !('namespaces' in e), { message: 'namespaces cannot be set through an edit' }),
});

export const upsertEvaluationSchema = z.object({
  operation: z.literal('upsert_evaluation'),
  evaluation_name: safeName,
  evaluation: z.looseObject({ type: z.string().min(1) }),
});

export const upsertEvaluatorSchema = z.object({
  operation: z.literal('upsert_evaluator'),
  evaluation_name: safeName,
  evaluator_name: safeName,
  evaluator: z.looseObject({ type: z.string().min(1) }),
});

export const editPayloadSchema = z.discriminatedUnion('operation', [
  upsertVariantSchema,
  upsertExperimentationSchema,
  upsertEvaluationSchema,
  upsertEvaluatorSchema,
]);

export type EditPayload = z.infer<typeof editPayloadSchema>;
export type EditOperation = EditPayload['operation'];
export type UpsertVariantEdit = z.infer<typeof upsertVariantSchema>;
export type UpsertExperimentationEdit = z.infer<typeof upsertExperimentationSchema>;
export type UpsertEvaluationEdit = z.infer<typeof upsertEvaluationSchema>;
export type UpsertEvaluatorEdit = z.infer<typeof upsertEvaluatorSchema>;

export function isInlineFile(value: unknown): value is InlineFile {
  return inlineFileSchema.safeParse(value).success;
}
