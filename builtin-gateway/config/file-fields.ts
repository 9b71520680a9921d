import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GatewayConfigError } from './config-error';
import { ConfigDirRef, ConfigFileRef } from './config-file-ref';
import { formatKeyPath, type KeyPath } from './key-path';

/** Config fields whose value names a file, resolved relative to the TOML file that names it. */
const FILE_FIELDS: readonly string[][] = [
  ['functions', '*', 'system_schema'],
  ['functions', '*', 'user_schema'],
  ['functions', '*', 'assistant_schema'],
  ['functions', '*', 'output_schema'],
  ['functions', '*', 'schemas', '*', 'path'],
  // a variant's own templates, and those of a best-of-n evaluator or a mixture-of-n fuser
  ...['', 'evaluator', 'fuser'].flatMap((step) => {
    const at = ['functions', '*', 'variants', '*', ...(step ? [step] : [])];
    return [
      [...at, 'system_template'],
      [...at, 'user_template'],
      [...at, 'assistant_template'],
      [...at, 'templates', '*', 'path'],
      [...at, 'input_wrappers', '*'],
    ];
  }),
  ['functions', '*', 'variants', '*', 'system_instructions'],
  ['tools', '*', 'parameters'],
];

/** Fields whose value names a directory. */
const DIR_FIELDS: readonly string[][] = [['gateway', 'template_filesystem_access', 'base_path']];

export const REMAPPED_PATH_KEY = '__tensorzero_remapped_path';
export const REMAPPED_DATA_KEY = '__data';

/**
 * Replaces every file-valued field of one parsed TOML file with a `ConfigFileRef` holding
 * the file's contents (and directory fields with a `ConfigDirRef`). Inline file objects
 * `{__tensorzero_remapped_path, __data}` are accepted too.
 */
export async function attachFiles(table: Record<string, unknown>, tomlFile: string, configDir: string): Promise<void> {
  const tomlDir = path.dirname(tomlFile);
  for (const pattern of FILE_FIELDS) {
    for (const { parent, key, keyPath } of matchPaths(table, pattern)) {
      parent[key] = await loadFileField(parent[key], keyPath, tomlFile, tomlDir, configDir);
    }
  }
  for (const pattern of DIR_FIELDS) {
    for (const { parent, key, keyPath } of matchPaths(table, pattern)) {
      const value = parent[key];
      if (typeof value !== 'string') {
        throw new GatewayConfigError({ file: tomlFile, keyPath: formatKeyPath(keyPath), problem: 'expected a directory path (string)' });
      }
      parent[key] = new ConfigDirRef(path.resolve(tomlDir, value), value);
    }
  }
}

async function loadFileField(value: unknown, keyPath: KeyPath, tomlFile: string, tomlDir: string, configDir: string): Promise<ConfigFileRef> {
  if (isInlineFile(value)) {
    const relative = value[REMAPPED_PATH_KEY];
    return new ConfigFileRef(path.resolve(configDir, relative), relative, value[REMAPPED_DATA_KEY]);
  }
  if (typeof value !== 'string') {
    throw new GatewayConfigError({ file: tomlFile, keyPath: formatKeyPath(keyPath), problem: 'expected a file path (string)' });
  }
  const absolute = path.resolve(tomlDir, value);
  let contents: string;
  try {
    contents = await fs.readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new GatewayConfigError({ file: tomlFile, keyPath: formatKeyPath(keyPath), problem: `cannot read ${absolute} (${code})` });
  }
  return new ConfigFileRef(absolute, path.relative(configDir, absolute).split(path.sep).join('/'), contents);
}

function isInlineFile(value: unknown): value is { [REMAPPED_PATH_KEY]: string; [REMAPPED_DATA_KEY]: string } {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).length === 2 && typeof record[REMAPPED_PATH_KEY] === 'string' && typeof record[REMAPPED_DATA_KEY] === 'string'
  );
}

interface MatchedField {
  parent: Record<string, unknown>;
  key: string;
  keyPath: KeyPath;
}

function matchPaths(table: Record<string, unknown>, pattern: readonly string[]): MatchedField[] {
  const out: MatchedField[] = [];
  const visit = (node: unknown, depth: number, keyPath: string[]) => {
    if (!isPlainTable(node)) return;
    const segment = pattern[depth];
    const keys = segment === '*' ? Object.keys(node) : Object.prototype.hasOwnProperty.call(node, segment) ? [segment] : [];
    for (const key of keys) {
      if (depth === pattern.length - 1) out.push({ parent: node, key, keyPath: [...keyPath, key] });
      else visit(node[key], depth + 1, [...keyPath, key]);
    }
  };
  visit(table, 0, []);
  return out;
}

/** A TOML table (not an array, date or loaded file). */
export function isPlainTable(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof ConfigFileRef) &&
    !(value instanceof ConfigDirRef)
  );
}
