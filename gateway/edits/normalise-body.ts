import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInlineFile } from './edit-payload';
import { isTable, type TomlTable } from './config-documents';
import { EditProblem } from './errors';
import { extractedFileRelPath, fileExtensionOf } from './file-valued-keys';
import { posixRelative, unsafePathComponentProblem } from '../safe-path';

/**
 * Turns an edit body (JSON) into the TOML table to store: inline file objects become files on
 * disk referenced by relative path, default `retries` and nulls are dropped, empty tables
 * removed (reference/tensorzero.md §4.3 steps 4–5).
 */

export interface NormaliseOptions {
  /** the config directory being edited (TensorZero's glob base) */
  root: string;
  /** where this table's extracted files go, relative to root, e.g. `functions/f/variants/v` */
  baseRelDir: string;
  /** directory of the TOML file that will hold the table; paths are written relative to it */
  tomlDir: string;
  /** the table's TOML key path, for messages, e.g. `functions."f".variants.v` */
  label: string;
}

export interface NormalisedBody {
  table: TomlTable;
  /** absolute paths of the files written, in order */
  writtenFiles: string[];
}

const DEFAULT_RETRIES = { num_retries: 0, max_delay_s: 10 };

export async function normaliseBody(body: TomlTable, options: NormaliseOptions): Promise<NormalisedBody> {
  const writtenFiles: string[] = [];
  const table = (await normaliseTable(body, [], options, writtenFiles)) ?? {};
  return { table, writtenFiles };
}

async function normaliseTable(table: TomlTable, keyPath: string[], options: NormaliseOptions, written: string[]): Promise<TomlTable | undefined> {
  const out: TomlTable = {};
  for (const [key, value] of Object.entries(table)) {
    const childPath = [...keyPath, key];
    const normalised = await normaliseValue(value, childPath, options, written);
    if (normalised !== undefined) out[key] = normalised;
  }
  if (keyPath.length > 0 && Object.keys(out).length === 0) return undefined;
  return out;
}

async function normaliseValue(value: unknown, keyPath: string[], options: NormaliseOptions, written: string[]): Promise<unknown> {
  if (value === null || value === undefined) return undefined;
  const where = `${options.label}.${keyPath.join('.')}`;
  const ext = fileExtensionOf(keyPath);

  if (isInlineFile(value)) {
    if (!ext) throw new EditProblem(`${where}: an inline file object where no file path is expected`);
    for (const part of keyPath) {
      const problem = unsafePathComponentProblem(part);
      if (problem) throw new EditProblem(`${where}: key '${part}' ${problem}`);
    }
    const file = path.join(options.root, options.baseRelDir, extractedFileRelPath(keyPath, ext));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, value.__data);
    written.push(file);
    return posixRelative(options.tomlDir, file);
  }
  if (ext && typeof value === 'string') {
    // As in TensorZero: file-valued fields are only accepted inline, so a payload cannot
    // point the gateway at arbitrary files on the host.
    throw new EditProblem(`${where}: a file must be given inline as {"__tensorzero_remapped_path", "__data"}, not as the path '${value}'`);
  }
  if (Array.isArray(value)) {
    if (containsNull(value)) throw new EditProblem(`${where}: arrays cannot contain null`);
    return value;
  }
  if (isTable(value)) {
    const table = await normaliseTable(value, keyPath, options, written);
    if (table && keyPath[keyPath.length - 1] === 'retries' && isDefaultRetries(table)) return undefined;
    return table;
  }
  return value;
}

function isDefaultRetries(table: TomlTable): boolean {
  const keys = Object.keys(table);
  if (keys.some((k) => !(k in DEFAULT_RETRIES))) return false;
  return (table.num_retries ?? DEFAULT_RETRIES.num_retries) === DEFAULT_RETRIES.num_retries
    && (table.max_delay_s ?? DEFAULT_RETRIES.max_delay_s) === DEFAULT_RETRIES.max_delay_s;
}

function containsNull(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  if (isTable(value)) return Object.values(value).some((v) => v !== null && v !== undefined && containsNull(v));
  return false;
}
