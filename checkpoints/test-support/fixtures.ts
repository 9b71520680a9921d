import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';

/** Real files for the checkpoint tests: a run's work dir with live WAL stores. */

export const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

export interface StoreRow {
  id: number;
  label: string;
}

/**
 * Opens a store the way the gateway does (WAL). Automatic WAL checkpoints are off, so
 * committed rows stay in `-wal` — a plain copy of the main file would miss them.
 */
export function openLiveStore(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  return db;
}

export function addRows(db: Database.Database, labels: string[]): void {
  const insert = db.prepare('INSERT INTO items (label) VALUES (?)');
  db.transaction(() => labels.forEach((label) => insert.run(label)))();
}

export function readRows(file: string): StoreRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, label FROM items ORDER BY id').all() as StoreRow[];
  } finally {
    db.close();
  }
}

export function journalMode(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('journal_mode', { simple: true }));
  } finally {
    db.close();
  }
}

/** `relative path → sha256` of every file under `dir` (empty when it does not exist). */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  try {
    walk(dir, '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return out;
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export interface WorkDirFixture {
  workDir: string;
  train: Database.Database;
  test: Database.Database;
  /** closes both stores ("stops the gateways") */
  close(): void;
}

/** A work dir as a run leaves it after iteration 1, with both stores open (gateways running). */
export function makeWorkDir(workDir: string, options: { autopilot?: boolean } = {}): WorkDirFixture {
  write(path.join(workDir, 'config/tensorzero.toml'), '[functions.extract_entities]\ntype = "json"\n');
  write(path.join(workDir, 'config/functions/extract_entities/initial/system_template.minijinja'), 'Extract the entities.\n');
  write(path.join(workDir, 'results/run.json'), JSON.stringify({ id: 'run-1', status: 'running' }, null, 2) + '\n');
  write(path.join(workDir, 'results/iterations.json'), JSON.stringify([{ iteration_number: 0 }], null, 2) + '\n');
  write(path.join(workDir, 'rollouts/iteration_000/baseline/train/episode_timings.jsonl'), '{"episode":0}\n');
  write(path.join(workDir, 'rollouts/iteration_000/baseline/test/episode_timings.jsonl'), '{"episode":1}\n');
  if (options.autopilot !== false) write(path.join(workDir, 'autopilot/iteration_001/session_result.json'), '{"turns": 3}\n');
  write(path.join(workDir, 'gateway/gateway.stdout.log'), 'log line\n');
  const train = openLiveStore(path.join(workDir, 'gateway/store.sqlite'));
  const test = openLiveStore(path.join(workDir, 'gateway/test/store.sqlite'));
  addRows(train, ['train-a', 'train-b', 'train-c']);
  addRows(test, ['test-a']);
  let closed = false;
  return {
    workDir,
    train,
    test,
    close() {
      if (closed) return;
      closed = true;
      train.close();
      test.close();
    },
  };
}
