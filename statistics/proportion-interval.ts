/**
 * Confidence intervals for a binomial proportion (a binary metric's success rate): Wilson's
 * score interval, the default, and the exact Clopper–Pearson interval. Both stay inside
 * [0, 1] and keep a positive width at 0/n and n/n, unlike the normal (Wald) interval.
 */
import { betaQuantile, normalQuantile } from './special-functions';
import { checkLevel, DEFAULT_LEVEL, type Interval, StatisticsInputError } from './types';

function checkCounts(successes: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new StatisticsInputError('n', n, 'must be a non-negative integer');
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new StatisticsInputError('successes', successes, `must be an integer between 0 and n (${n})`);
  }
}

function emptyInterval(level: number, method: Interval['method']): Interval {
  return { estimate: null, lower: null, upper: null, n: 0, level, method };
}

/** Wilson score interval bounds for x successes of n (n > 0) at normal quantile z. */
export function wilsonBounds(successes: number, n: number, z: number): { lower: number; upper: number } {
  const z2 = z * z;
  const centre = (successes + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  // Exact at the edges: rounding could otherwise put 0/n's lower bound a hair below 0.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Wilson (1927) score interval: the proportions p whose score test against x/n is not rejected.
 * Coverage stays close to nominal even for small n and extreme p (Newcombe 1998; Agresti &
 * Coull 1998). n = 0 gives an `empty` interval (nothing observed).
 */
export function wilsonInterval(successes: number, n: number, level = DEFAULT_LEVEL): Interval {
  checkCounts(successes, n);
  checkLevel(level);
  if (n === 0) return emptyInterval(level, 'wilson');
  const { lower, upper } = wilsonBounds(successes, n, normalQuantile(1 - (1 - level) / 2));
  return { estimate: successes / n, lower, upper, n, level, method: 'wilson' };
}

/**
 * Clopper–Pearson (1934) "exact" interval from beta quantiles: coverage is at least nominal
 * for every p, at the price of being wider than Wilson's. Use it where a guarantee matters
 * more than width.
 */
export function clopperPearsonInterval(successes: number, n: number, level = DEFAULT_LEVEL): Interval {
  checkCounts(successes, n);
  checkLevel(level);
  if (n === 0) return emptyInterval(level, 'clopper-pearson');
  const alpha = 1 - level;
  const lower = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, n - successes + 1);
  const upper = successes === n ? 1 : betaQuantile(1 - alpha / 2, successes + 1, n - successes);
  return { estimate: successes / n, lower, upper, n, level, method: 'clopper-pearson' };
}
