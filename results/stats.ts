import type { VariantPerformanceRow } from '../gateway/wire';

/**
 * Per-variant metric statistics, in the original's JSON shape (reference/original-harness.md
 * §6.6 for test rollouts computed locally, §6.7 for train metrics read from the gateway).
 */
export interface VariantStat {
  mean: number;
  /** sample standard deviation (n-1); null only when the gateway did not report one */
  std: number | null;
  /** number of feedback values */
  n: number;
  /** successful episodes that used the variant (local stats only; the gateway does not report it) */
  n_episodes?: number;
  /** 1.96·std/√n; null only when the gateway did not report one */
  ci_error: number | null;
}

export interface MetricStats {
  variants: Record<string, VariantStat>;
  /** total values over all variants */
  n: number;
  /** successful episodes (local stats only) */
  n_episodes?: number;
}

/** Keyed by metric (feedback) name. */
export type VariantMetrics = Record<string, MetricStats>;

/** The part of an episode result the statistics read. */
export interface EpisodeOutcome {
  success: boolean;
  variant_name: string | null;
  /** numeric/boolean feedback as floats, per feedback name; one episode may give several values */
  feedback_values: Record<string, number[]>;
}

/** The variant name used when an episode saw no inference response. */
export const UNKNOWN_VARIANT = 'unknown';

const Z_95 = 1.96;

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (divisor n-1); 0 for a single value. */
export function sampleStd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Statistics of every feedback name observed in the **successful** episodes, per variant.
 * Variants without values for a metric are left out under that metric; `n_episodes` counts the
 * variant's successful episodes whether or not they produced a value for that metric.
 */
export function variantMetrics(episodes: readonly EpisodeOutcome[]): VariantMetrics {
  const successful = episodes.filter((episode) => episode.success);
  const episodesPerVariant = new Map<string, number>();
  const values = new Map<string, Map<string, number[]>>(); // metric → variant → values
  for (const episode of successful) {
    const variant = episode.variant_name ?? UNKNOWN_VARIANT;
    episodesPerVariant.set(variant, (episodesPerVariant.get(variant) ?? 0) + 1);
    for (const [metric, metricValues] of Object.entries(episode.feedback_values)) {
      if (!values.has(metric)) values.set(metric, new Map());
      const byVariant = values.get(metric)!;
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), ...metricValues]);
    }
  }

  const out: VariantMetrics = {};
  for (const [metric, byVariant] of values) {
    const variants: Record<string, VariantStat> = {};
    let total = 0;
    for (const [variant, vs] of byVariant) {
      if (vs.length === 0) continue;
      const std = sampleStd(vs);
      variants[variant] = { mean: mean(vs), std, n: vs.length, n_episodes: episodesPerVariant.get(variant) ?? 0, ci_error: (Z_95 * std) / Math.sqrt(vs.length) };
      total += vs.length;
    }
    out[metric] = { variants, n: total, n_episodes: successful.length };
  }
  return out;
}

/**
 * Train metrics from the gateway's cumulative variant performances:
 * `{metric: {variants: {v: {mean, std, n, ci_error}}, n}}` (no `n_episodes`); no rows → empty variants.
 */
export function metricsFromPerformances(metric: string, rows: readonly VariantPerformanceRow[]): VariantMetrics {
  const variants: Record<string, VariantStat> = {};
  let total = 0;
  for (const row of rows) {
    variants[row.variant_name] = { mean: row.avg_metric, std: row.stdev ?? null, n: row.count, ci_error: row.ci_error ?? null };
    total += row.count;
  }
  return { [metric]: { variants, n: total } };
}

/** Failed episodes per `error_type` (failures without a type are not counted). */
export function errorCounts(episodes: readonly { success: boolean; error_type: string | null }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const episode of episodes) {
    if (!episode.success && episode.error_type) counts[episode.error_type] = (counts[episode.error_type] ?? 0) + 1;
  }
  return counts;
}

/** Sums error counts per error type. */
export function mergeErrorCounts(...all: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const counts of all) for (const [type, n] of Object.entries(counts)) merged[type] = (merged[type] ?? 0) + n;
  return merged;
}
