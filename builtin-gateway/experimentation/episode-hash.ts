import { createHash } from 'node:crypto';

/**
 * A number in [0, 1) fixed by (function, episode): static sampling uses it so an episode's
 * first choice is the same on every request and every gateway restart.
 */
export function episodeUniform(functionName: string, episodeId: string): number {
  const digest = createHash('sha256').update(`${functionName}\u0000${episodeId}`).digest();
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
