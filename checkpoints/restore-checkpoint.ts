import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeSiblingDir, removeDir, swapDirectory } from '../gateway/dir-swap';
import { testStoreFile, trainStoreFile } from '../results/paths';
import { copyTree, statOrNull } from './file-tree';
import { COPIED_DIRS, TEST_STORE, TRAIN_STORE } from './layout';
import { validateCheckpoint, type CheckpointManifest } from './manifest';
import { installStore, removeStore } from './sqlite-copy';

export { readCheckpointManifest } from './manifest';
export { latestCheckpoint } from './latest-checkpoint';

export interface RestoreCheckpointInput {
  /** a checkpoint dir, or a snapshot dir (it carries the checkpoint layout) */
  checkpointDir: string;
  workDir: string;
  /** `empty`: delete the test store so the test gateway starts fresh (snapshot restore, as in the original) */
  testStore: 'restore' | 'empty';
}

/**
 * Puts a run's work dir back to a checkpoint. Call it with the run's gateways **stopped**.
 * The checkpoint is validated first (a `CheckpointError` lists every problem and nothing is
 * touched); then each of `config/`, `results/`, `rollouts/`, `autopilot/` is replaced by a dir
 * swap (or removed when the checkpoint has none), and the stores are installed. A crash part
 * way leaves each directory whole, old or new; restoring again finishes the job.
 */
export async function restoreCheckpoint(input: RestoreCheckpointInput): Promise<CheckpointManifest> {
  const { checkpointDir, workDir, testStore } = input;
  const manifest = await validateCheckpoint(checkpointDir, { requireTestStore: testStore === 'restore' });

  await fs.mkdir(workDir, { recursive: true });
  for (const name of COPIED_DIRS) {
    const source = path.join(checkpointDir, name);
    const target = path.join(workDir, name);
    if (await statOrNull(source)) await replaceDir(source, target);
    else await removeDirAtomically(target);
  }
  await installStore(path.join(checkpointDir, TRAIN_STORE), trainStoreFile(workDir));
  if (testStore === 'restore') await installStore(path.join(checkpointDir, TEST_STORE), testStoreFile(workDir));
  else await removeStore(testStoreFile(workDir));
  return manifest;
}

/** Copies `source` next to `target` (same file system, so the swap is a rename), then swaps it in. */
async function replaceDir(source: string, target: string): Promise<void> {
  const staging = await makeSiblingDir(target, 'restore');
  try {
    await copyTree(source, staging);
    await swapDirectory(staging, target);
  } catch (err) {
    await removeDir(staging);
    throw err;
  }
}

/** Renames `dir` aside before deleting it, so it is never seen half-deleted. */
async function removeDirAtomically(dir: string): Promise<void> {
  if (!(await statOrNull(dir))) return;
  const trash = path.join(path.dirname(dir), `.${path.basename(dir)}.removed-${randomBytes(5).toString('hex')}`);
  await fs.rename(dir, trash);
  await removeDir(trash);
}
