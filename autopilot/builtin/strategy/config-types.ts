import { HELPER_FUNCTION_DESCRIPTION_PREFIX } from '../../../gateway/t0-config';
/**
 * The train gateway's config as `GET /internal/config` returns it: the merged tensorzero.toml as
 * JSON, every file-valued field carried inline as a remapped file object. Only the parts the
 * strategy reads are typed; everything else passes through untouched.
 */
import { z } from 'zod';

/** An inline file: the path it came from (or a synthetic one) and its contents. */
export const remappedFileSchema = z.object({
  __tensorzero_remapped_path: z.string(),
  __data: z.string(),
});
export type RemappedFile = z.infer<typeof remappedFileSchema>;

export const variantConfigSchema = z.looseObject({
  type: z.string(),
  model: z.string().optional(),
});
/** A variant exactly as in TOML; file-valued fields are remapped file objects. */
export type VariantConfig = z.infer<typeof variantConfigSchema> & Record<string, unknown>;

export const functionConfigSchema = z.looseObject({
  type: z.enum(['chat', 'json']),
  variants: z.record(z.string(), variantConfigSchema).default({}),
  output_schema: z.unknown().optional(),
  experimentation: z.unknown().optional(),
  description: z.string().optional(),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const metricConfigSchema = z.looseObject({
  type: z.enum(['boolean', 'float']),
  optimize: z.enum(['max', 'min']),
  level: z.enum(['inference', 'episode']),
});
export type MetricConfig = z.infer<typeof metricConfigSchema>;

export const configSchema = z.looseObject({
  functions: z.record(z.string(), functionConfigSchema).default({}),
  metrics: z.record(z.string(), metricConfigSchema).default({}),
});
export type GatewayConfig = z.infer<typeof configSchema>;

export const configSnapshotSchema = z.looseObject({ config: configSchema, hash: z.string() });
/** `GET /internal/config` */
export type ConfigSnapshot = z.infer<typeof configSnapshotSchema>;

export function isRemappedFile(value: unknown): value is RemappedFile {
  return remappedFileSchema.safeParse(value).success;
}

export function remappedFile(path: string, data: string): RemappedFile {
  return { __tensorzero_remapped_path: path, __data: data };
}

/** Functions the gateway defines for itself are not ours to optimise. */
/**
 * The functions an optimiser may work on: not TensorZero's built-ins, and not an environment's
 * own helper functions (e.g. 21 Questions' answerer), which the T0 config marks in their description.
 */
export function userFunctionNames(config: GatewayConfig): string[] {
  return Object.entries(config.functions)
    .filter(([name, fn]) => !name.startsWith('tensorzero::') && !(fn.description ?? '').startsWith(HELPER_FUNCTION_DESCRIPTION_PREFIX))
    .map(([name]) => name)
    .sort();
}
