import { randomBytes } from 'node:crypto';

/** The nil UUID; in the autopilot session protocol, the session id that asks for a new session. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

// Random bytes are drawn in blocks: one randomBytes call per id was 3.5% of the gateway's busy
// time under load (scripts/bench-gateway.ts --cpu-prof).
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    poolOffset = 0;
  }
  // no copy: the caller mutates these bytes, but each slice of the pool is handed out only once
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** A version-7 UUID (time-ordered), as TensorZero requires for episode and inference ids. */
export function uuid7(nowMs: number = Date.now()): string {
  return formatUuid7(random16(), nowMs);
}

/**
 * A version-7 UUID whose random bits come from `random` (uniform in [0, 1)) instead of the
 * system: ids that are valid UUIDv7s yet reproducible under a seed apart from their timestamp.
 */
export function uuid7FromRandom(random: () => number, nowMs: number = Date.now()): string {
  const bytes = Buffer.alloc(16);
  for (let i = 6; i < 16; i++) bytes[i] = Math.floor(random() * 256);
  return formatUuid7(bytes, nowMs);
}

/** Writes the timestamp, version and variant into `bytes` (16, random from byte 6 on) and formats them. */
function formatUuid7(bytes: Buffer, nowMs: number): string {
  const ts = BigInt(nowMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ts >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for a version-7 UUID string. */
export function isUuid7(value: string): boolean {
  return UUID7_RE.test(value);
}

/**
 * The part of a UUIDv7 after its 48-bit timestamp (version, random and variant bits) as 20 hex
 * digits: what identifies the id apart from when it was made.
 */
export function uuid7RandomPart(value: string): string {
  return value.replace(/-/g, '').slice(12).toLowerCase();
}

/**
 * What identifies an episode apart from when it ran: a UUIDv7's random part, any other id whole.
 * Hash this, not the id, for anything a seeded rerun must repeat.
 */
export function episodeKeyWithoutClock(episodeId: string): string {
  return isUuid7(episodeId) ? uuid7RandomPart(episodeId) : episodeId;
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuid7Timestamp(value: string): number {
  return parseInt(value.replace(/-/g, '').slice(0, 12), 16);
}
