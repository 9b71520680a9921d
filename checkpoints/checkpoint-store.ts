import { getLogger } from '../common/logger';
import { CheckpointError } from './errors';
import type { CheckpointManifest, CheckpointRef } from './manifest';

const log = getLogger('checkpoints');

/**
 * Where a run's checkpoints are kept: one root (a directory, or an `s3://` URL) holding one
 * checkpoint per name (`iteration_NNN`). Backends: `fs-checkpoint-store.ts` (a local or shared
 * file system; rename-based atomicity) and `s3-checkpoint-store.ts` (manifest uploaded last).
 * In both, a checkpoint without its `checkpoint.json` is invisible: never listed, never latest.
 * Checkpoints are built and restored in local directories; a store only moves whole ones.
 */
export interface CheckpointStore {
  /** the run's checkpoint root: a directory or an `s3://bucket/prefix` URL */
  readonly root: string;
  /** A new, empty local directory to build a checkpoint in; hand it to `publish` or `discard`. */
  stage(): Promise<string>;
  /**
   * Makes the finished `staged` dir the checkpoint `name`, replacing one of that name, and uses
   * the staged dir up. Returns where the checkpoint now lives (a path or URL, `CheckpointRef.dir`).
   */
  publish(staged: string, name: string): Promise<string>;
  /** Removes a staged dir that will not be published. */
  discard(staged: string): Promise<void>;
  /** Names of the complete checkpoints (those with a manifest), lowest iteration first. */
  list(): Promise<string[]>;
  /** The complete checkpoint with the highest iteration whose manifest reads, or null. */
  latest(): Promise<CheckpointRef | null>;
  /** Copies the complete checkpoint `name` into `localDir` (created; must not exist). */
  fetch(name: string, localDir: string): Promise<void>;
  /** Deletes the checkpoint `name` (its manifest first, so it is never seen half-deleted); no-op when absent. */
  remove(name: string): Promise<void>;
  /** Releases what the store holds open (an S3 client's sockets); the store is not used afterwards. */
  close(): void;
}

/** `iteration_NNN` → NNN; checkpoint names are iteration dir names. */
export const CHECKPOINT_NAME = /^iteration_(\d+)$/;

/** Checkpoint names sorted by iteration, lowest first. */
export function byIteration(names: Iterable<string>): string[] {
  return [...names].filter((name) => CHECKPOINT_NAME.test(name)).sort((a, b) => Number(CHECKPOINT_NAME.exec(a)![1]) - Number(CHECKPOINT_NAME.exec(b)![1]));
}

/**
 * The first of `names` (highest iteration first) whose manifest `read` returns; a checkpoint
 * with an unreadable manifest is skipped with a warning, so a damaged latest checkpoint falls
 * back to the one before it. Shared by the store backends.
 */
export async function firstReadable(names: readonly string[], read: (name: string) => Promise<{ dir: string; manifest: CheckpointManifest }>): Promise<CheckpointRef | null> {
  for (const name of names) {
    try {
      const { dir, manifest } = await read(name);
      return { dir, iteration: manifest.iteration, createdAt: manifest.created_at };
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      log.warn({ dir: err.dir, problems: err.problems }, 'skipping a checkpoint with an unreadable manifest');
    }
  }
  return null;
}
