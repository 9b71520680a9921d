import { createHash } from 'node:crypto';
import { episodeKeyWithoutClock } from '../../common/uuid7';

/**
 * A number in [0, 1) fixed by (function, episode): an episode's first choice is the same on
 * every request and every gateway restart. Only a UUIDv7's random part is hashed, not its
 * timestamp, so a harness that derives those bits from its seed gets the same draws on every
 * run; `seed` (the gateway's own, ours) is mixed in when set.
 */
export function episodeUniform(functionName: string, episodeId: string, seed?: number): number {
  const key = episodeKeyWithoutClock(episodeId);
  const prefix = seed === undefined ? '' : `${seed}\u0000`;
  const digest = createHash('sha256').update(`${prefix}${functionName}\u0000${key}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
/** Picks from `weights` (all > 0) with `u` in [0, 1); undefined when empty. */
export function pickWeighted<T>(items: readonly { item: T; weight: number }[], u: number): T | undefined {
  const total = items.reduce((sum, x) => sum + x.weight, 0);
  if (items.length === 0 || total <= 0) return undefined;
  let threshold = u * total;
  for (const { item, weight } of items) {
    if (threshold < weight) return item;
    threshold -= weight;
  }
  return items[items.length - 1].item;
}
