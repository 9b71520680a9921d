import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EnvironmentConfig } from '../config/schema';
import { removeDir, swapDirectory } from '../gateway/dir-swap';
import { runTimestamp } from '../results/paths';
import { isoUtc } from '../results/time';
import { CheckpointError } from './errors';
import { copyTree, listFiles, statOrNull } from './file-tree';
import { exportTables } from '../gateway/postgres-copy';
import { COPIED_DIRS, MANIFEST_FILE, TRAIN_STORE } from './layout';
import { validateCheckpoint, type CheckpointManifest } from './manifest';
import {
  BASELINE_METRICS_FILE,
  BASELINE_STATS_FILE,
  SNAPSHOT_METADATA_FILE,
  SNAPSHOT_POSTGRES_DIR,
  SNAPSHOT_STORE,
  type BaselineCheckpointSummary,
  type BaselineMetricsFile,
  type BaselineStatsFile,
  type RolloutStatsWithMetrics,
  type SnapshotMetadata,
} from './snapshot-files';

export * from './snapshot-files';

export { validateSnapshot } from './validate-snapshot';

/**
 * A snapshot (original-harness.md §3.6, §7.5) is the baseline checkpoint exported for reuse:
 * `<snapshotRoot>/<env name>/<YYYYMMDDTHHMMSSZ>/` with the original's files — `config/`,
 * `store/train.sqlite` (our `postgres/`), `baseline_metrics.json`, `baseline_stats.json`,
 * `snapshot_metadata.json` — plus the checkpoint layout (`checkpoint.json`,
 * `stores/train.sqlite`, `results/`, `rollouts/`), so `run --snapshot DIR` restores it with
 * `restoreCheckpoint({ checkpointDir: DIR, testStore: 'empty' })`. The test store is not
 * exported, as in the original. On TensorZero's gateway (`trainDatabase`) the store is the
 * original's own `postgres/` — one binary COPY file per table of the live train database
 * (§15.2), taken while the gateways still run, as the original does — and `stores/` is absent.
 */

export interface ExportSnapshotInput {
  /** the baseline checkpoint (its summary is a `BaselineCheckpointSummary`) */
  checkpointDir: string;
  snapshotRoot: string;
  env: EnvironmentConfig;
  /** TensorZero's gateway: the run's train database URL, exported as `postgres/` */
  trainDatabase?: string;
  /** names the snapshot dir and sets `created_at` */
  now?: Date;
}

/**
 * Exports the baseline checkpoint as a snapshot, atomically (temp dir + rename; a snapshot of
 * the same second is replaced, as the original overwrites it). Returns the snapshot dir.
 */
export async function exportSnapshot(input: ExportSnapshotInput): Promise<string> {
  const { checkpointDir, snapshotRoot, env } = input;
  const now = input.now ?? new Date();
  const manifest = await validateCheckpoint(checkpointDir, { requireTestStore: false });
  const summary = baselineSummaryOf(checkpointDir, manifest);

  const envDir = path.join(snapshotRoot, env.name);
  await fs.mkdir(envDir, { recursive: true });
  const tmp = path.join(envDir, `.tmp-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(tmp);
  try {
    // The checkpoint layout, without the test store.
    for (const name of COPIED_DIRS) {
      const source = path.join(checkpointDir, name);
      if (await statOrNull(source)) await copyTree(source, path.join(tmp, name));
    }
    if (input.trainDatabase) {
      await exportTables(input.trainDatabase, path.join(tmp, SNAPSHOT_POSTGRES_DIR));
    } else {
      await fs.mkdir(path.join(tmp, 'stores'));
      await fs.copyFile(path.join(checkpointDir, TRAIN_STORE), path.join(tmp, TRAIN_STORE));
    }
    const snapshotManifest: CheckpointManifest = { ...manifest, files: await listFiles(tmp) };
    await writeJson(path.join(tmp, MANIFEST_FILE), snapshotManifest);

    // The original's files.
    if (!input.trainDatabase) {
      await fs.mkdir(path.join(tmp, 'store'));
      await linkOrCopy(path.join(tmp, TRAIN_STORE), path.join(tmp, SNAPSHOT_STORE));
    }
    const metrics: BaselineMetricsFile = { train: summary.trainMetrics, test: summary.test.variant_metrics };
    const stats: BaselineStatsFile = { train: statsOnly(summary.train), test: statsOnly(summary.test) };
    const metadata: SnapshotMetadata = {
      env_name: env.name,
      function_name: env.function_name,
      metric_name: env.metric_name,
      initial_model: env.initial_model,
      episodes_per_iteration: env.episodes_per_iteration,
      task_split: env.task_split,
      created_at: isoUtc(now),
      env_config: env.env_config,
    };
    await writeJson(path.join(tmp, BASELINE_METRICS_FILE), metrics);
    await writeJson(path.join(tmp, BASELINE_STATS_FILE), stats);
    await writeJson(path.join(tmp, SNAPSHOT_METADATA_FILE), metadata);

    const dir = path.join(envDir, runTimestamp(now));
    await swapDirectory(tmp, dir);
    return dir;
  } catch (err) {
    await removeDir(tmp);
    throw err;
  }
}

const writeJson = (file: string, value: unknown) => fs.writeFile(file, JSON.stringify(value, null, 2) + '\n');

/** The two store paths hold the same bytes; a hard link saves the space where the file system allows it. */
async function linkOrCopy(source: string, dest: string): Promise<void> {
  await fs.link(source, dest).catch(() => fs.copyFile(source, dest));
}

/** Exactly the original's five stats fields, whatever else the caller put in the summary. */
function statsOnly(s: RolloutStatsWithMetrics): RolloutStatsWithMetrics {
  return { total: s.total, succeeded: s.succeeded, failed: s.failed, error_counts: s.error_counts, variant_metrics: s.variant_metrics };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifest summary as a `BaselineCheckpointSummary`, or a `CheckpointError` listing what is wrong. */
function baselineSummaryOf(dir: string, manifest: CheckpointManifest): BaselineCheckpointSummary {
  const s = manifest.summary;
  const problems: string[] = [];
  for (const split of ['train', 'test'] as const) {
    const stats = s[split];
    if (!isObject(stats)) {
      problems.push(`summary.${split}: expected rollout stats`);
      continue;
    }
    for (const key of ['total', 'succeeded', 'failed'] as const) {
      if (typeof stats[key] !== 'number') problems.push(`summary.${split}.${key}: expected a number`);
    }
    for (const key of ['error_counts', 'variant_metrics'] as const) {
      if (!isObject(stats[key])) problems.push(`summary.${split}.${key}: expected an object`);
    }
  }
  if (s.trainMetrics !== null && !isObject(s.trainMetrics)) problems.push('summary.trainMetrics: expected an object or null');
  if (problems.length > 0) {
    const file = path.join(dir, MANIFEST_FILE);
    throw new CheckpointError(dir, problems.map((p) => `${file}: not a baseline checkpoint: ${p}`), [file]);
  }
  return s as unknown as BaselineCheckpointSummary;
}
