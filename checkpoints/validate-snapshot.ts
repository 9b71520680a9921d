import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { effectiveLlmgymEnv } from '../config/derived';
import type { EnvironmentConfig } from '../config/schema';
import { SnapshotError } from './errors';
import { statOrNull } from './file-tree';
import { MANIFEST_FILE, type StoreKind } from './layout';
import {
  BASELINE_METRICS_FILE,
  BASELINE_STATS_FILE,
  SNAPSHOT_METADATA_FILE,
  SNAPSHOT_POSTGRES_DIR,
  SNAPSHOT_STORE,
  type BaselineMetricsFile,
  type BaselineStatsFile,
  type SnapshotContents,
  type SnapshotMetadata,
} from './snapshot-files';

type RequiredPath = { rel: string; kind: 'dir' | 'file' };
/** In the original's order, with the store (`postgres/` or ours) second. */
const required = (store: RequiredPath): RequiredPath[] => [
  { rel: 'config/', kind: 'dir' },
  store,
  { rel: BASELINE_METRICS_FILE, kind: 'file' },
  { rel: BASELINE_STATS_FILE, kind: 'file' },
  { rel: SNAPSHOT_METADATA_FILE, kind: 'file' },
];
/**
 * Required paths. TensorZero's gateway: exactly the original's five (`postgres/` included), so
 * the original's snapshots load. Built-in gateway: `store/train.sqlite` in place of `postgres/`,
 * plus our manifest (it is restored as a checkpoint).
 */
const REQUIRED: Record<StoreKind, ReadonlyArray<RequiredPath>> = {
  postgres: required({ rel: `${SNAPSHOT_POSTGRES_DIR}/`, kind: 'dir' }),
  sqlite: [...required({ rel: SNAPSHOT_STORE, kind: 'file' }), { rel: MANIFEST_FILE, kind: 'file' }],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a snapshot before `run --snapshot` uses it (original-harness.md §3.6): every missing
 * path and every metadata mismatch is listed in one `SnapshotError`. `env_name` may equal the
 * config `name` or its effective llmgym env (older Harbor snapshots stored `harbor_v0`);
 * `function_name` and `metric_name` must be equal; `initial_model`, `episodes_per_iteration`,
 * `task_split` and `env_config` are not compared (missing `env_config` reads as `{}`).
 */
export async function validateSnapshot(snapshotDir: string, env: EnvironmentConfig, storeKind: StoreKind = 'sqlite'): Promise<SnapshotContents> {
  const missing: string[] = [];
  for (const { rel, kind } of REQUIRED[storeKind]) {
    const stat = await statOrNull(path.join(snapshotDir, rel));
    if (!(kind === 'dir' ? stat?.isDirectory() : stat?.isFile())) missing.push(rel);
  }
  const problems: string[] = [];
  if (missing.includes(`${SNAPSHOT_POSTGRES_DIR}/`) && (await statOrNull(path.join(snapshotDir, SNAPSHOT_STORE)))) {
    problems.push(`${SNAPSHOT_STORE} found: this is a snapshot of the built-in gateway (SQLite), which TensorZero's gateway cannot load`);
  }
  if (missing.includes(SNAPSHOT_STORE) && (await statOrNull(path.join(snapshotDir, SNAPSHOT_POSTGRES_DIR)))) {
    problems.push('postgres/ found: this looks like a snapshot of the original harness (Postgres COPY files), which the built-in gateway cannot load; set infra.gateway_binary_path to TensorZero\'s gateway to restore it');
  }

  const read = async (rel: string): Promise<unknown> => {
    if (missing.includes(rel)) return undefined;
    try {
      const value: unknown = JSON.parse(await fs.readFile(path.join(snapshotDir, rel), 'utf8'));
      if (isObject(value)) return value;
      problems.push(`${rel}: expected a JSON object`);
    } catch (err) {
      problems.push(`${rel}: unreadable (${(err as Error).message})`);
    }
    return undefined;
  };
  const metadataRaw = await read(SNAPSHOT_METADATA_FILE);
  const metricsRaw = await read(BASELINE_METRICS_FILE);
  const statsRaw = await read(BASELINE_STATS_FILE);

  if (isObject(metadataRaw)) problems.push(...metadataMismatches(metadataRaw, env));
  if (isObject(metricsRaw)) {
    if (metricsRaw.train !== null && !isObject(metricsRaw.train)) problems.push(`${BASELINE_METRICS_FILE}: train: expected an object or null`);
    if (!isObject(metricsRaw.test)) problems.push(`${BASELINE_METRICS_FILE}: test: expected an object`);
  }
  if (isObject(statsRaw)) {
    for (const split of ['train', 'test'] as const) {
      if (!isObject(statsRaw[split])) problems.push(`${BASELINE_STATS_FILE}: ${split}: expected rollout stats`);
    }
  }

  if (missing.length > 0 || problems.length > 0) throw new SnapshotError(snapshotDir, missing, problems);
  const metadata = metadataRaw as unknown as SnapshotMetadata;
  return {
    dir: snapshotDir,
    metadata: { ...metadata, env_config: isObject(metadata.env_config) ? metadata.env_config : {} },
    metrics: metricsRaw as unknown as BaselineMetricsFile,
    stats: statsRaw as unknown as BaselineStatsFile,
  };
}

/** One line per mismatch, in the original's "field: snapshot=… config=…" form. */
function metadataMismatches(metadata: Record<string, unknown>, env: EnvironmentConfig): string[] {
  const out: string[] = [];
  const show = (v: unknown) => JSON.stringify(v ?? null);
  const accepted = [...new Set([env.name, effectiveLlmgymEnv(env)])];
  if (!accepted.includes(metadata.env_name as string)) {
    out.push(`metadata mismatch: env_name: snapshot=${show(metadata.env_name)} config=${accepted.map(show).join(' or ')}`);
  }
  for (const key of ['function_name', 'metric_name'] as const) {
    if (metadata[key] !== env[key]) out.push(`metadata mismatch: ${key}: snapshot=${show(metadata[key])} config=${show(env[key])}`);
  }
  return out;
}
