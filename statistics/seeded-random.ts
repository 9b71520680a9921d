/**
 * Seeded generators for the statistics module. Each use (task sampling, bootstrap, variant
 * pinning, simulation) names its own stream, and the (seed, stream) pair is hashed into the
 * 32-bit state of the project's PRNG, mulberry32 (common/mulberry32.ts), so two uses of one
 * seed do not walk the same sequence. One generator serves a whole draw: seeding each draw with
 * `seed + k` (as rollouts/task-selection.ts does) makes seed s's draw k + 1 equal seed s + 1's
 * draw k, the shifted window issue 13 complains about.
 */
import { mulberry32 } from '../common/mulberry32';
import { StatisticsInputError } from './types';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

// FNV-1a over UTF-16 code units: a stable 32-bit name for a stream label.
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// MurmurHash3's 32-bit finaliser: every input bit flips about half the output bits.
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A reproducible generator for `stream` under an integer `seed` (any safe integer, sign included). */
export function seededRandom(seed: number, stream: string): Random {
  if (!Number.isSafeInteger(seed)) throw new StatisticsInputError('seed', seed, 'must be a safe integer');
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  const state = mix32(mix32(low ^ hashLabel(stream)) ^ mix32(high + 0x9e3779b9));
  return mulberry32(state);
}

const floor = Math.floor; // one global lookup, not one per draw (see common/mulberry32.ts)

/**
 * How many game keys a generated environment (no task list, e.g. 21 Questions) is drawn from:
 * seeded task "indices" for such environments are keys, not positions in a list.
 */
export const GENERATED_TASK_KEYS = 2 ** 31 - 1;

/** `count` game keys for a generated environment, drawn in order from the seed's `stream`. */
export function seededGameKeys(seed: number, stream: string, count: number): number[] {
  const random = seededRandom(seed, stream);
  return Array.from({ length: count }, () => randomInt(random, GENERATED_TASK_KEYS));
}

/** A uniform integer in 0..n−1. */
export function randomInt(random: Random, n: number): number {
  return floor(random() * n);
}
