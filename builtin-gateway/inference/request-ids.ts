import { isUuid7, uuid7Timestamp } from '../../common/uuid7';
import { badRequest } from '../http/http-error';

const EARLIEST_ID_MS = Date.UTC(2020, 0, 1);

/** Checks a client-supplied UUIDv7 (episode or target id): version 7, not before 2020, not in the future. */
export function checkUuid7(value: string, field: string, nowMs: number = Date.now()): string {
  if (!isUuid7(value)) throw badRequest(`${field} must be a UUIDv7, got '${value}'`);
  const ts = uuid7Timestamp(value);
  if (ts < EARLIEST_ID_MS) throw badRequest(`${field} '${value}' encodes a time before 2020`);
  if (ts > nowMs) throw badRequest(`${field} '${value}' encodes a time in the future`);
  return value.toLowerCase();
}

/** User tags may not use the reserved `tensorzero::` prefix. */
export function checkUserTags(tags: Record<string, string> | undefined): Record<string, string> {
  for (const key of Object.keys(tags ?? {})) {
    if (key.startsWith('tensorzero::')) throw badRequest(`tag '${key}' uses the reserved prefix "tensorzero::"`);
  }
  return { ...(tags ?? {}) };
}
