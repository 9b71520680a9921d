import type { Rng } from '../common/oracle-contract/oracle';

export { createRng } from '../common/oracle-contract/rng';

/** Draws from a Poisson distribution with mean `lambda` (Knuth's method; lambda is small here). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Picks one item by relative weight; null when the list is empty or all weights are 0. */
export function pickWeighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T | null {
  const total = items.reduce((sum, item) => sum + Math.max(0, item.weight), 0);
  if (total <= 0) return null;
  let r = rng.next() * total;
  for (const item of items) {
    r -= Math.max(0, item.weight);
    if (r < 0) return item;
  }
  return items[items.length - 1];
}
