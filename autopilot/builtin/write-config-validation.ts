/**
 * What executing `write_config` means here: TensorZero's tool only validates the edits and stores
 * a snapshot, so we check each edit's shape (known operation, safe names, file-valued fields as
 * inline file objects) and answer with a content hash standing in for the snapshot hash.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sortKeysDeep } from '../../common/atomic-write';
import { isRemappedFile } from './strategy/config-types';

/** A single path component: the config applier writes files named after these. */
const safeName = z
  .string()
  .min(1)
  .refine((s) => !s.includes('/') && !s.includes('\\') && s !== '.' && s !== '..', 'must be a single safe path component');

const editSchema = z.discriminatedUnion('operation', [
  z.looseObject({ operation: z.literal('upsert_variant'), function_name: safeName, variant_name: safeName, variant: z.looseObject({ type: z.string() }) }),
  z.looseObject({
    operation: z.literal('upsert_experimentation'),
    function_name: safeName,
    experimentation: z.looseObject({ type: z.enum(['static', 'adaptive', 'uniform', 'static_weights', 'track_and_stop']) }),
  }),
  z.looseObject({ operation: z.literal('upsert_evaluation'), evaluation_name: safeName, evaluation: z.looseObject({}) }),
  z.looseObject({ operation: z.literal('upsert_evaluator'), evaluation_name: safeName, evaluator_name: safeName, evaluator: z.looseObject({}) }),
]);

const argumentsSchema = z.looseObject({
  config: z.looseObject({}).optional(),
  extra_templates: z.record(z.string(), z.string()).optional(),
  edit: z.array(editSchema).optional(),
});

const FILE_KEY_RE = /(_template|_schema)$|^system_instructions$|^parameters$/;

/** Paths of file-valued fields written as plain strings (the applier only accepts inline file objects). */
function plainFileFields(value: unknown, path: string[] = []): string[] {
  if (!value || typeof value !== 'object' || isRemappedFile(value)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainFileFields(v, [...path, String(i)]));
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const isTemplatesPath = key === 'path' && path.length >= 2 && path[path.length - 2] === 'templates';
    if ((FILE_KEY_RE.test(key) || isTemplatesPath) && typeof child === 'string') found.push([...path, key].join('.'));
    else found.push(...plainFileFields(child, [...path, key]));
  }
  return found;
}

export type WriteConfigValidation = { ok: true; hash: string } | { ok: false; error: string };

export function validateWriteConfigArguments(args: unknown): WriteConfigValidation {
  const parsed = argumentsSchema.safeParse(args);
  if (!parsed.success) return { ok: false, error: `invalid write_config arguments: ${parsed.error.message}` };
  if (!parsed.data.edit && !parsed.data.config) return { ok: false, error: 'write_config needs `edit` or `config`' };
  const plain = (parsed.data.edit ?? []).flatMap((edit, i) => plainFileFields(edit).map((p) => `edit.${i}.${p}`));
  if (plain.length > 0) return { ok: false, error: `file-valued fields must be inline file objects: ${plain.join(', ')}` };
  const hash = createHash('sha256').update(JSON.stringify(sortKeysDeep(parsed.data))).digest('hex');
  return { ok: true, hash };
}
