import type { VariantMetrics } from '../results/stats';

/**
 * The pooled mean of one metric over every variant (each variant weighted by its count),
 * used for progress lines and the run result. Pure; safe in workflow code.
 */
export function pooledMean(metrics: VariantMetrics | null | undefined, metricName: string): number | null {
  const stats = metrics?.[metricName];
  if (!stats) return null;
  let total = 0;
  let count = 0;
  for (const v of Object.values(stats.variants)) {
    total += v.mean * v.n;
    count += v.n;
  }
  return count === 0 ? null : total / count;
}
