import { createHash } from 'node:crypto';
import { sortKeysDeep } from '../../common/atomic-write';
import { ConfigDirRef, ConfigFileRef } from './config-file-ref';
import { REMAPPED_DATA_KEY, REMAPPED_PATH_KEY } from './file-fields';

/**
 * The merged config as plain JSON: files become `{__tensorzero_remapped_path, __data}`
 * (paths relative to the config directory), directories keep their written value, dates
 * become ISO strings. This is what `GET /internal/config` returns and what the hash covers.
 */
export function configSnapshot(merged: Record<string, unknown>): Record<string, unknown> {
  return toJson(merged) as Record<string, unknown>;
}

function toJson(value: unknown): unknown {
  if (value instanceof ConfigFileRef) return { [REMAPPED_PATH_KEY]: value.relativePath, [REMAPPED_DATA_KEY]: value.contents };
  if (value instanceof ConfigDirRef) return value.written;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

/** sha256 (hex) of the snapshot serialised with sorted keys: changes whenever a value or a file's contents change. */
export function configHash(snapshot: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(sortKeysDeep(snapshot))).digest('hex');
}
