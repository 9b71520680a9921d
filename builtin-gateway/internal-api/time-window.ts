/**
 * The `after` / `before` query parameters of our read extensions: ISO 8601 timestamps with a
 * time zone (e.g. `2026-01-05T10:00:00Z`), compared with the inference's `created_at` (the
 * time in its UUIDv7 id) as a half-open window [after, before).
 */
import { badRequest } from '../http/http-error';

export interface TimeWindowFilter {
  after?: string;
  before?: string;
}

// date, then optionally a time with an explicit zone (a bare local time would be ambiguous)
const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function readTimeWindow(query: URLSearchParams): TimeWindowFilter {
  const after = readTimestamp(query, 'after');
  const before = readTimestamp(query, 'before');
  if (after !== undefined && before !== undefined && after >= before) {
    throw badRequest(`after (${after}) must be earlier than before (${before})`);
  }
  return { after, before };
}

function readTimestamp(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ms = ISO_RE.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    throw badRequest(`${name} must be an ISO 8601 timestamp with a time zone (e.g. 2026-01-05T10:00:00Z), got '${raw}'`);
  }
  return new Date(ms).toISOString(); // the stored form, so string comparison orders correctly
}
