/** A stored feedback value as a number for comparisons: booleans as 0/1, finite numbers as-is, anything else null. */
export function metricValue(value: unknown): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
