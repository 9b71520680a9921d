import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError } from './errors';
import { MANIFEST_FILE, MANIFEST_VERSION, storeFilesOf, type StoreKind } from './layout';

/** `checkpoint.json`. */
export interface CheckpointManifest {
  version: typeof MANIFEST_VERSION;
  run_id: string;
  iteration: number;
  /** ISO-8601 UTC */
  created_at: string;
  /** opaque to this folder: what the caller needs to continue from here (step stats, metrics) */
  summary: Record<string, unknown>;
  /** absent in checkpoints written before Postgres support: `sqlite` */
  store_kind?: StoreKind;
  /** every file of the checkpoint except the manifest, relative, `/`-separated, sorted */
  files: string[];
}

/** Small and JSON-serialisable: the workflow keeps only this in its state. */
export interface CheckpointRef {
  dir: string;
  iteration: number;
  createdAt: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A manifest path must stay inside the checkpoint (a manifest on a shared root is not trusted blindly). */
export function isSafeRelativePath(p: string): boolean {
  return p.length > 0 && !path.isAbsolute(p) && !p.split(/[\\/]/).some((part) => part === '..' || part === '');
}

/** Reads and shape-checks `<dir>/checkpoint.json`; throws `CheckpointError` naming the manifest. */
export async function readCheckpointManifest(dir: string): Promise<CheckpointManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? `${file}: missing` : `${file}: unreadable (${(err as Error).message})`;
    throw new CheckpointError(dir, [problem], [file]);
  }
  return parseCheckpointManifest(text, dir, file);
}

/** Parses and shape-checks a manifest's text read from `file` (a path or URL) of the checkpoint `dir`. */
export function parseCheckpointManifest(text: string, dir: string, file: string): CheckpointManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(dir, [`${file}: unreadable (${(err as Error).message})`], [file]);
  }
  const problems = manifestProblems(raw).map((p) => `${file}: ${p}`);
  if (problems.length > 0) throw new CheckpointError(dir, problems, [file]);
  return raw as CheckpointManifest;
}

function manifestProblems(raw: unknown): string[] {
  if (!isObject(raw)) return ['not a JSON object'];
  const problems: string[] = [];
  if (raw.version !== MANIFEST_VERSION) problems.push(`version: expected ${MANIFEST_VERSION}, got ${JSON.stringify(raw.version)}`);
  if (typeof raw.run_id !== 'string') problems.push('run_id: expected a string');
  if (!Number.isInteger(raw.iteration) || (raw.iteration as number) < 0) problems.push('iteration: expected an integer ≥ 0');
  if (typeof raw.created_at !== 'string') problems.push('created_at: expected a string');
  if (!isObject(raw.summary)) problems.push('summary: expected a JSON object');
  if (raw.store_kind !== undefined && raw.store_kind !== 'sqlite' && raw.store_kind !== 'postgres') problems.push(`store_kind: expected "sqlite" or "postgres", got ${JSON.stringify(raw.store_kind)}`);
  if (!Array.isArray(raw.files)) problems.push('files: expected an array of paths');
  else {
    const bad = raw.files.filter((f) => typeof f !== 'string' || !isSafeRelativePath(f));
    if (bad.length > 0) problems.push(`files: not relative paths inside the checkpoint: ${bad.map((f) => JSON.stringify(f)).join(', ')}`);
  }
  return problems;
}

/**
 * Reads the manifest and checks the checkpoint is complete: every listed file, `config/`, the
 * train store and (when it is to be restored) the test store of the manifest's `store_kind`.
 * All problems in one `CheckpointError`.
 */
export async function validateCheckpoint(dir: string, options: { requireTestStore: boolean }): Promise<CheckpointManifest> {
  const manifest = await readCheckpointManifest(dir);
  const required = new Set(manifest.files);
  const stores = storeFilesOf(storeKindOf(manifest));
  required.add(stores.train);
  if (options.requireTestStore) required.add(stores.test);
  const missing: string[] = [];
  for (const rel of [...required].sort()) {
    const stat = await fs.stat(path.join(dir, rel)).catch(() => null);
    if (!stat?.isFile()) missing.push(rel);
  }
  const configStat = await fs.stat(path.join(dir, 'config')).catch(() => null);
  if (!configStat?.isDirectory()) missing.unshift('config/');
  if (missing.length > 0) {
    throw new CheckpointError(
      dir,
      missing.map((rel) => `missing ${rel}`),
      missing.map((rel) => path.join(dir, rel)),
    );
  }
  return manifest;
}

export const storeKindOf = (manifest: CheckpointManifest): StoreKind => manifest.store_kind ?? 'sqlite';
