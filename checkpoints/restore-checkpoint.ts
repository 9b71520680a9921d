import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeSiblingDir, removeDir, swapDirectory } from '../gateway/dir-swap';
import { testStoreFile, trainStoreFile } from '../results/paths';
import { copyTree, removeDirAtomically, statOrNull } from './file-tree';
import { resetDatabase } from '../gateway/postgres-reset';
import { restoreDatabase } from '../gateway/postgres-dump';
import { CheckpointError } from './errors';
import { COPIED_DIRS, MANIFEST_FILE, TEST_PG_DUMP, TEST_STORE, TRAIN_PG_DUMP, TRAIN_STORE, type RunDatabases } from './layout';
import { storeKindOf, validateCheckpoint, type CheckpointManifest } from './manifest';
import { installStore, removeStore } from './sqlite-copy';

export { readCheckpointManifest } from './manifest';
export { latestCheckpoint } from './latest-checkpoint';

export interface RestoreCheckpointInput {
  /** a checkpoint dir, or a snapshot dir (it carries the checkpoint layout) */
  checkpointDir: string;
  workDir: string;
  /** `empty`: delete the test store so the test gateway starts fresh (snapshot restore, as in the original) */
  testStore: 'restore' | 'empty';
  /** TensorZero's gateway: the run's databases, reset and loaded from the checkpoint's dumps */
  databases?: RunDatabases;
}

/**
 * Puts a run's work dir back to a checkpoint. Call it with the run's gateways **stopped**.
 * The checkpoint is validated first (a `CheckpointError` lists every problem and nothing is
 * touched); then each of `config/`, `results/`, `rollouts/`, `autopilot/` is replaced by a dir
 * swap (or removed when the checkpoint has none), and the stores are installed. A crash part
 * way leaves each directory whole, old or new; restoring again finishes the job. With
 * `databases`, each database is dropped, recreated and loaded with `pg_restore` instead
 * (same database state on any worker that reaches the same Postgres).
 */
export async function restoreCheckpoint(input: RestoreCheckpointInput): Promise<CheckpointManifest> {
  const { checkpointDir, workDir, testStore } = input;
  const manifest = await validateCheckpoint(checkpointDir, { requireTestStore: testStore === 'restore' });
  const kind = storeKindOf(manifest);
  if ((kind === 'postgres') !== (input.databases !== undefined)) {
    const file = path.join(checkpointDir, MANIFEST_FILE);
    const wanted = input.databases ? 'Postgres databases (infra.gateway_binary_path is set)' : 'SQLite stores (built-in gateway)';
    throw new CheckpointError(checkpointDir, [`${file}: store_kind is ${kind}, but this run's gateways use ${wanted}`], [file]);
  }

  await fs.mkdir(workDir, { recursive: true });
  for (const name of COPIED_DIRS) {
    const source = path.join(checkpointDir, name);
    const target = path.join(workDir, name);
    if (await statOrNull(source)) await replaceDir(source, target);
    else await removeDirAtomically(target);
  }
  if (input.databases) {
    await restoreDatabase(input.databases.train, path.join(checkpointDir, TRAIN_PG_DUMP));
    if (testStore === 'restore') await restoreDatabase(input.databases.test, path.join(checkpointDir, TEST_PG_DUMP));
    else await resetDatabase(input.databases.test);
    return manifest;
  }
  await installStore(path.join(checkpointDir, TRAIN_STORE), trainStoreFile(workDir));
  if (testStore === 'restore') await installStore(path.join(checkpointDir, TEST_STORE), testStoreFile(workDir));
  else await removeStore(testStoreFile(workDir));
  return manifest;
}

/** Copies `source` next to `target` (same file system, so the swap is a rename), then swaps it in. */
export async function replaceDir(source: string, target: string): Promise<void> {
  const staging = await makeSiblingDir(target, 'restore');
  try {
    await copyTree(source, staging);
    await swapDirectory(staging, target);
  } catch (err) {
    await removeDir(staging);
    throw err;
  }
}
