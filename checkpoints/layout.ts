import * as path from 'node:path';
import { iterationDirName } from '../results/paths';
import { formatS3Url, isS3Url, parseS3Url } from '../common/s3-location';

/**
 * The layout of a checkpoint directory `<checkpointRoot>/iteration_NNN/`:
 * `checkpoint.json`, `config/`, the gateway stores — `stores/{train,test}.sqlite` (built-in
 * gateway) or `stores/{train,test}.pgdump` (TensorZero's gateway: `pg_dump -Fc` of the run's
 * Postgres databases) — and the work dir's
 * `results/`, `rollouts/`, `autopilot/` as they were when it was taken.
 */

export const MANIFEST_FILE = 'checkpoint.json';
export const MANIFEST_VERSION = 1;
export const TRAIN_STORE = 'stores/train.sqlite';
export const TEST_STORE = 'stores/test.sqlite';
export const TRAIN_PG_DUMP = 'stores/train.pgdump';
export const TEST_PG_DUMP = 'stores/test.pgdump';

/** Where a run's gateways keep their data: SQLite files in the work dir, or Postgres databases. */
export type StoreKind = 'sqlite' | 'postgres';

/** The run's Postgres databases (scoped `TENSORZERO_POSTGRES_URL`s) when its gateways are TensorZero's. */
export interface RunDatabases {
  train: string;
  test: string;
}

/** The train and test store files of a checkpoint of this kind. */
export function storeFilesOf(kind: StoreKind): { train: string; test: string } {
  return kind === 'postgres' ? { train: TRAIN_PG_DUMP, test: TEST_PG_DUMP } : { train: TRAIN_STORE, test: TEST_STORE };
}
/** Work-dir directories a checkpoint copies verbatim; `config` is required, the others are copied when present. */
export const COPIED_DIRS = ['config', 'results', 'rollouts', 'autopilot'] as const;
export type CopiedDir = (typeof COPIED_DIRS)[number];

/** A run's name under any shared root: the last two levels of its work dir, `<env>/<timestamp>[_seed<N>]`. */
export function runSubPath(workDir: string): [string, string] {
  const resolved = path.resolve(workDir);
  return [path.basename(path.dirname(resolved)), path.basename(resolved)];
}

/**
 * Where a run's checkpoints go. With a shared root (one file system several workers mount, or an
 * `s3://bucket/prefix` URL) a run gets `<sharedRoot>/<env>/<timestamp>[_seed<N>]` — the last two
 * levels of its work dir — so another worker can restore it; without one, `<workDir>/checkpoints`.
 */
export function checkpointRootFor(workDir: string, sharedRoot?: string | null): string {
  const resolved = path.resolve(workDir);
  if (!sharedRoot) return path.join(resolved, 'checkpoints');
  const runPath = runSubPath(resolved);
  if (isS3Url(sharedRoot)) return [formatS3Url(parseS3Url(sharedRoot)), ...runPath].join('/');
  return path.join(path.resolve(sharedRoot), ...runPath);
}

/** `<checkpointRoot>/iteration_NNN` */
export function checkpointDirFor(checkpointRoot: string, iteration: number): string {
  return path.join(checkpointRoot, iterationDirName(iteration));
}
