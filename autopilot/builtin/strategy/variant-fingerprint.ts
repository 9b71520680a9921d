/**
 * A stable fingerprint of what a variant sends to its model: the model, every template's text and
 * the sampling/format settings. Names, weights, file paths, retries and timeouts are left out, so
 * the same candidate under another name (or a rejected candidate re-generated in a later session)
 * gets the same fingerprint.
 */
import { createHash } from 'node:crypto';
import { isRemappedFile, type VariantConfig } from './config-types';

// Settings that change neither the prompt nor the answer.
const IGNORED_KEYS = new Set(['weight', 'retries', 'timeouts', 'extra_headers']);

function canonical(value: unknown, depth: number): unknown {
  if (isRemappedFile(value)) return value.__data.trim();
  if (Array.isArray(value)) return value.map((v) => canonical(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (depth === 0 && IGNORED_KEYS.has(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v, depth + 1);
    }
    return out;
  }
  return typeof value === 'string' ? value.trim() : value;
}

/** `fp1_` + 24 hex characters of a SHA-256 over the canonical variant. */
export function variantFingerprint(variant: VariantConfig | Record<string, unknown>): string {
  const text = JSON.stringify(canonical(variant, 0));
  return `fp1_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}
