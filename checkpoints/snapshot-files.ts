import type { VariantMetrics } from '../results/stats';
import type { RolloutStats } from '../rollouts/types';

/** The files of a snapshot and their JSON shapes (original-harness.md §3.6, §7.5). */

/** A rollout summary without per-episode results: `{total, succeeded, failed, error_counts, variant_metrics}`. */
export type RolloutStatsWithMetrics = RolloutStats;

/** What the baseline checkpoint's `summary` must hold for a snapshot to be exported from it. */
export interface BaselineCheckpointSummary {
  train: RolloutStatsWithMetrics;
  test: RolloutStatsWithMetrics;
  /** train metrics read from the gateway (§6.7); null when the gateway reported none */
  trainMetrics: VariantMetrics | null;
}

/** `baseline_metrics.json` */
export interface BaselineMetricsFile {
  train: VariantMetrics | null;
  test: VariantMetrics;
}

/** `baseline_stats.json` */
export interface BaselineStatsFile {
  train: RolloutStatsWithMetrics;
  test: RolloutStatsWithMetrics;
}

/** `snapshot_metadata.json`, fields in the original's order. */
export interface SnapshotMetadata {
  env_name: string;
  function_name: string;
  metric_name: string;
  initial_model: string;
  episodes_per_iteration: number;
  task_split: string;
  /** ISO-8601 UTC */
  created_at: string;
  env_config: Record<string, unknown>;
}

/** A validated snapshot, with its baseline loaded. */
export interface SnapshotContents {
  dir: string;
  metadata: SnapshotMetadata;
  /** `baseline_metrics.json` */
  metrics: BaselineMetricsFile;
  /** `baseline_stats.json` */
  stats: BaselineStatsFile;
}

export const SNAPSHOT_STORE = 'store/train.sqlite';
/** The original's Postgres export: `<schema>.<table>.pgcopy` files (TensorZero's gateway) */
export const SNAPSHOT_POSTGRES_DIR = 'postgres';
export const BASELINE_METRICS_FILE = 'baseline_metrics.json';
export const BASELINE_STATS_FILE = 'baseline_stats.json';
export const SNAPSHOT_METADATA_FILE = 'snapshot_metadata.json';
