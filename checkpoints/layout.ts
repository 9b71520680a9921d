import * as path from 'node:path';
import { iterationDirName } from '../results/paths';

/**
 * The layout of a checkpoint directory `<checkpointRoot>/iteration_NNN/`:
 * `checkpoint.json`, `config/`, `stores/{train,test}.sqlite`, and the work dir's
 * `results/`, `rollouts/`, `autopilot/` as they were when it was taken.
 */

export const MANIFEST_FILE = 'checkpoint.json';
export const MANIFEST_VERSION = 1;
export const TRAIN_STORE = 'stores/train.sqlite';
export const TEST_STORE = 'stores/test.sqlite';
/** Work-dir directories a checkpoint copies verbatim; `config` is required, the others are copied when present. */
export const COPIED_DIRS = ['config', 'results', 'rollouts', 'autopilot'] as const;
export type CopiedDir = (typeof COPIED_DIRS)[number];

/**
 * Where a run's checkpoints go. With a shared root (one file system several workers mount) a
 * run gets `<sharedRoot>/<env>/<timestamp>[_seed<N>]` — the last two levels of its work dir —
 * so another worker can restore it; without one, `<workDir>/checkpoints`.
 */
export function checkpointRootFor(workDir: string, sharedRoot?: string | null): string {
  const resolved = path.resolve(workDir);
  if (!sharedRoot) return path.join(resolved, 'checkpoints');
  return path.join(path.resolve(sharedRoot), path.basename(path.dirname(resolved)), path.basename(resolved));
}

/** `<checkpointRoot>/iteration_NNN` */
export function checkpointDirFor(checkpointRoot: string, iteration: number): string {
  return path.join(checkpointRoot, iterationDirName(iteration));
}
