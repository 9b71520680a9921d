/**
 * ISO-8601 UTC with an explicit offset and microseconds, as Python's
 * `datetime.now(timezone.utc).isoformat()` writes it: `2026-01-02T03:04:05.678000+00:00`.
 */
export function isoUtc(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
