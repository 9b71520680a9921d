import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { configDir, iterationDirName, testStoreFile, trainStoreFile } from '../results/paths';
import { isoUtc } from '../results/time';
import { CheckpointError } from './errors';
import { copyTree, listFiles, statOrNull } from './file-tree';
import { dumpDatabase } from '../gateway/postgres-dump';
import { COPIED_DIRS, MANIFEST_FILE, MANIFEST_VERSION, TEST_PG_DUMP, TEST_STORE, TRAIN_PG_DUMP, TRAIN_STORE, type RunDatabases } from './layout';
import type { CheckpointManifest, CheckpointRef } from './manifest';
import { backupStore } from './sqlite-copy';
import { openCheckpointStore } from './open-checkpoint-store';
import type { CheckpointStore } from './checkpoint-store';

export interface WriteCheckpointInput {
  workDir: string;
  /** the run's checkpoint root: a directory or an `s3://bucket/prefix` URL (`checkpointRootFor`) */
  checkpointRoot: string;
  /** S3 roots: the local directory the checkpoint is built in before upload (default: the OS temp dir) */
  scratchDir?: string;
  runId: string;
  iteration: number;
  /** opaque JSON object stored in the manifest (the step's stats and metrics) */
  summary: Record<string, unknown>;
  /** TensorZero's gateway: dump these databases instead of copying the SQLite stores */
  databases?: RunDatabases;
  /** clock for `created_at` */
  now?: () => Date;
}

/**
 * Takes a checkpoint of a run's work dir while its gateways keep running: `config/`, both
 * gateway stores (online backup, never a file copy of a live WAL database; with `databases`,
 * a `pg_dump -Fc` of each Postgres database), `results/`,
 * `rollouts/`, `autopilot/` and `checkpoint.json`. Built in the store's staging dir
 * (`<checkpointRoot>/.tmp-<random>` on a file system) and published as `iteration_NNN` only when
 * complete: renamed into place, or uploaded manifest last (`CheckpointStore.publish`); an
 * existing `iteration_NNN` (a redone step) is replaced. On failure the staging dir is removed.
 */
export async function writeCheckpoint(input: WriteCheckpointInput): Promise<CheckpointRef> {
  const { workDir, checkpointRoot, iteration } = input;
  if (!Number.isInteger(iteration) || iteration < 0) throw new RangeError(`iteration must be an integer ≥ 0, got ${iteration}`);
  const sources = { config: configDir(workDir), train: trainStoreFile(workDir), test: testStoreFile(workDir) };
  await requireSources(workDir, sources, input.databases === undefined);

  const store = openCheckpointStore(checkpointRoot, { scratchDir: input.scratchDir });
  try {
    return await buildAndPublish(store, input, sources);
  } finally {
    store.close();
  }
}

/** Builds the checkpoint in the store's staging dir and publishes it; on failure the staging dir is removed. */
async function buildAndPublish(store: CheckpointStore, input: WriteCheckpointInput, sources: { train: string; test: string }): Promise<CheckpointRef> {
  const { workDir, runId, iteration, summary } = input;
  const tmp = await store.stage();
  try {
    for (const name of COPIED_DIRS) {
      const source = path.join(workDir, name);
      if (await statOrNull(source)) await copyTree(source, path.join(tmp, name));
    }
    await fs.mkdir(path.join(tmp, 'stores'));
    if (input.databases) {
      await dumpDatabase(input.databases.train, path.join(tmp, TRAIN_PG_DUMP));
      await dumpDatabase(input.databases.test, path.join(tmp, TEST_PG_DUMP));
    } else {
      await backupStore(sources.train, path.join(tmp, TRAIN_STORE));
      await backupStore(sources.test, path.join(tmp, TEST_STORE));
    }

    const createdAt = isoUtc((input.now ?? (() => new Date()))());
    const manifest: CheckpointManifest = {
      version: MANIFEST_VERSION,
      run_id: runId,
      iteration,
      created_at: createdAt,
      store_kind: input.databases ? 'postgres' : 'sqlite',
      summary,
      files: await listFiles(tmp),
    };
    // The manifest is written last: a checkpoint dir is complete iff it has one.
    await fs.writeFile(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');

    const dir = await store.publish(tmp, iterationDirName(iteration));
    return { dir, iteration, createdAt };
  } catch (err) {
    await store.discard(tmp);
    throw err;
  }
}

async function requireSources(workDir: string, sources: { config: string; train: string; test: string }, sqliteStores: boolean): Promise<void> {
  const missing: Array<[string, string]> = [];
  if (!(await statOrNull(sources.config))?.isDirectory()) missing.push([sources.config, 'config directory']);
  if (sqliteStores && !(await statOrNull(sources.train))?.isFile()) missing.push([sources.train, 'train gateway store']);
  if (sqliteStores && !(await statOrNull(sources.test))?.isFile()) missing.push([sources.test, 'test gateway store']);
  if (missing.length > 0) {
    throw new CheckpointError(
      workDir,
      missing.map(([p, what]) => `cannot checkpoint: ${what} ${p} does not exist`),
      missing.map(([p]) => p),
    );
  }
}
