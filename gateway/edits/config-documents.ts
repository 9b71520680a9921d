import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'smol-toml';
import { EditProblem } from './errors';

/**
 * The TOML files of a config directory (`<dir>/**\/*.toml`), parsed. Files are re-serialised
 * only when an edit touches them, so untouched files keep their bytes and formatting.
 */

export type TomlTable = Record<string, unknown>;

export interface ConfigDocument {
  /** absolute path */
  file: string;
  /** relative to the config dir, forward slashes */
  relPath: string;
  data: TomlTable;
}

/** Every `*.toml` below `dir`, sorted by relative path like a glob walk. */
export async function listTomlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await fs.readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile() && entry.name.endsWith('.toml')) out.push(abs);
    }
  };
  await walk(dir);
  return out;
}

export async function loadConfigDocuments(dir: string): Promise<ConfigDocument[]> {
  const files = await listTomlFiles(dir);
  if (files.length === 0) throw new EditProblem(`no *.toml file under ${dir}`);
  const docs: ConfigDocument[] = [];
  for (const file of files) docs.push({ file, relPath: path.relative(dir, file).split(path.sep).join('/'), data: await parseTomlFile(file) });
  return docs;
}

export async function parseTomlFile(file: string): Promise<TomlTable> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return parse(text) as TomlTable;
  } catch (err) {
    throw new EditProblem(`${file} is not valid TOML: ${(err as Error).message}`);
  }
}

export async function writeConfigDocument(doc: ConfigDocument): Promise<void> {
  await fs.writeFile(doc.file, stringify(doc.data));
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The table at `keys` in `data`, or undefined. */
export function tableAt(data: TomlTable, keys: string[]): TomlTable | undefined {
  let current: unknown = data;
  for (const key of keys) {
    if (!isTable(current)) return undefined;
    current = current[key];
  }
  return isTable(current) ? current : undefined;
}

/** The file whose `[<section>.<name>]` table carries `type`: the one that defines it. */
export function findDefiningDocument(docs: ConfigDocument[], section: 'functions' | 'evaluations', name: string): ConfigDocument | undefined {
  return docs.find((doc) => tableAt(doc.data, [section, name])?.type !== undefined);
}

/** Creates the nested tables of `keys` as needed and returns the innermost. */
export function ensureTable(data: TomlTable, keys: string[]): TomlTable {
  let current = data;
  for (const key of keys) {
    const next = current[key];
    if (next === undefined) current[key] = {};
    else if (!isTable(next)) throw new EditProblem(`${keys.join('.')}: '${key}' is not a table`);
    current = current[key] as TomlTable;
  }
  return current;
}
