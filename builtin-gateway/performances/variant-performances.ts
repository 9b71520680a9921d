import type { TimeWindow, VariantPerformanceRow } from '../../gateway/wire';
import type { MetricSample } from '../store/types';

export const TIME_WINDOWS: readonly TimeWindow[] = ['minute', 'hour', 'day', 'week', 'month', 'cumulative'];

/** The start of the period containing `iso` (UTC), formatted like TensorZero: `2026-01-05T00:00:00Z`. */
export function periodStart(iso: string, window: TimeWindow): string {
  if (window === 'cumulative') return '1970-01-01T00:00:00Z';
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  let start: number;
  switch (window) {
    case 'minute':
      start = Date.UTC(y, mo, day, d.getUTCHours(), d.getUTCMinutes());
      break;
    case 'hour':
      start = Date.UTC(y, mo, day, d.getUTCHours());
      break;
    case 'day':
      start = Date.UTC(y, mo, day);
      break;
    case 'week': // ISO weeks start on Monday (as date_trunc('week'))
      start = Date.UTC(y, mo, day - ((d.getUTCDay() + 6) % 7));
      break;
    case 'month':
      start = Date.UTC(y, mo, 1);
      break;
  }
  return new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Per (period, variant) statistics of a metric, as `variant_performances` reports them:
 * only the latest feedback per target counts; an episode contributes one data point to every
 * variant that served it in a period. `stdev` (sample) and `ci_error` (1.96·stdev/√n) are
 * omitted below two data points. Ordered by period, then variant name.
 */
export function computeVariantPerformances(samples: MetricSample[], window: TimeWindow, variantName?: string): VariantPerformanceRow[] {
  const latestSeq = new Map<string, number>();
  for (const s of samples) latestSeq.set(s.targetId, Math.max(latestSeq.get(s.targetId) ?? -Infinity, s.feedbackSeq));

  // (period, variant) → target → value; keying by target de-duplicates an episode's inferences
  const groups = new Map<string, { period: string; variant: string; values: Map<string, number> }>();
  for (const s of samples) {
    if (s.feedbackSeq !== latestSeq.get(s.targetId)) continue;
    if (variantName !== undefined && s.variantName !== variantName) continue;
    const period = periodStart(s.inferenceCreatedAt, window);
    const key = `${period}\u0000${s.variantName}`;
    const group = groups.get(key) ?? { period, variant: s.variantName, values: new Map() };
    group.values.set(s.targetId, s.value);
    groups.set(key, group);
  }

  return [...groups.values()]
    .sort((a, b) => (a.period === b.period ? compare(a.variant, b.variant) : compare(a.period, b.period)))
    .map(({ period, variant, values }) => {
      const data = [...values.values()];
      const count = data.length;
      const avg = data.reduce((s, v) => s + v, 0) / count;
      const row: VariantPerformanceRow = { period_start: period, variant_name: variant, count, avg_metric: avg };
      if (count >= 2) {
        const stdev = Math.sqrt(data.reduce((s, v) => s + (v - avg) ** 2, 0) / (count - 1));
        row.stdev = stdev;
        row.ci_error = (1.96 * stdev) / Math.sqrt(count);
      }
      return row;
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
