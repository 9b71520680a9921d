import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { CheckpointError } from './errors';
import { readCheckpointManifest, type CheckpointRef } from './manifest';

const log = getLogger('checkpoints');
const CHECKPOINT_DIR = /^iteration_(\d+)$/;

/**
 * The checkpoint with the highest iteration under `checkpointRoot`, or null when there is
 * none. Temp and backup dirs (dot-prefixed) are ignored; a dir with an unreadable manifest is
 * skipped with a warning, so a damaged latest checkpoint falls back to the one before it.
 */
export async function latestCheckpoint(checkpointRoot: string): Promise<CheckpointRef | null> {
  let entries;
  try {
    entries = await fs.readdir(checkpointRoot, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const candidates = entries
    .filter((e) => e.isDirectory() && CHECKPOINT_DIR.test(e.name))
    .map((e) => ({ name: e.name, n: Number(CHECKPOINT_DIR.exec(e.name)![1]) }))
    .sort((a, b) => b.n - a.n);
  for (const { name } of candidates) {
    const dir = path.join(checkpointRoot, name);
    try {
      const manifest = await readCheckpointManifest(dir);
      return { dir, iteration: manifest.iteration, createdAt: manifest.created_at };
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      log.warn({ dir, problems: err.problems }, 'skipping a checkpoint with an unreadable manifest');
    }
  }
  return null;
}
