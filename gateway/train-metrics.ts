import type { VariantPerformanceRow } from './wire';
import type { TrainMetrics, VariantMetricStats } from './types';

/**
 * Maps `variant_performances` rows to the original's train-metrics record
 * (reference/original-harness.md §6.7): per variant `{mean, std, n, ci_error}` and the total
 * count; `stdev`/`ci_error` are absent for fewer than two points and become null.
 */
export function toTrainMetrics(metricName: string, rows: VariantPerformanceRow[]): TrainMetrics {
  const variants: Record<string, VariantMetricStats> = {};
  let n = 0;
  for (const row of rows) {
    variants[row.variant_name] = {
      mean: row.avg_metric,
      std: row.stdev ?? null,
      n: row.count,
      ci_error: row.ci_error ?? null,
    };
    n += row.count;
  }
  return { [metricName]: { variants, n } };
}
