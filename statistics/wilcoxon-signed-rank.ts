/**
 * Wilcoxon signed-rank test of paired differences (H0: distributed symmetrically about 0),
 * the paired test for continuous metrics and for binary metrics measured with repeats.
 */
import { normalCdf } from './special-functions';
import { checkFinite } from './types';

/** Largest number of non-zero differences the exact null distribution is used for. */
export const WILCOXON_EXACT_MAX_N = 50;

export interface WilcoxonResult {
  /** sum of the ranks of the positive differences (T+) */
  positiveRankSum: number;
  /** min(T+, T−), the statistic scipy reports for the two-sided test */
  statistic: number;
  /** non-zero differences (the ones ranked) */
  n: number;
  /** differences equal to zero, dropped before ranking */
  zeros: number;
  pValue: number;
  method: 'exact' | 'normal-approximation' | 'no-nonzero-differences';
}

/** Average ranks (1-based) of ascending-sortable values, and Σ(t³ − t) over tie groups. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const t = end - start + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = (start + end + 2) / 2;
    tieTerm += t ** 3 - t;
    start = end + 1;
  }
  return { ranks, tieTerm };
}

// The null distribution depends on n alone: computed once per n, kept for later calls.
const cumulativeByN = new Map<number, Float64Array>();

/** P(T+ ≤ s) for every s under H0 without ties: T+ is the sum of a random subset of 1..n. */
function exactCumulative(n: number): Float64Array {
  const cached = cumulativeByN.get(n);
  if (cached) return cached;
  const maxSum = (n * (n + 1)) / 2;
  let probabilities = new Float64Array(maxSum + 1);
  probabilities[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    const next = new Float64Array(maxSum + 1);
    for (let s = 0; s <= maxSum; s++) {
      if (probabilities[s] === 0) continue;
      next[s] += probabilities[s] / 2;
      next[s + rank] += probabilities[s] / 2;
    }
    probabilities = next;
  }
  for (let s = 1; s <= maxSum; s++) probabilities[s] += probabilities[s - 1];
  cumulativeByN.set(n, probabilities);
  return probabilities;
}

/**
 * Two-sided Wilcoxon signed-rank test. Zero differences are dropped (Wilcoxon's own rule,
 * scipy's default `zero_method='wilcox'`); tied |d| get average ranks. With at most
 * WILCOXON_EXACT_MAX_N non-zero differences and no ties the p-value is exact; otherwise it
 * comes from the normal approximation with the tie-corrected variance and no continuity
 * correction (scipy's `method='approx'`; `method: 'normal-approximation'` forces it). No non-zero difference at all gives p = 1.
 * Differences are compared exactly as given: round away floating-point residue first
 * (pairedDifference in paired-comparison.ts does).
 */
export function wilcoxonSignedRank(differences: readonly number[], options: { method?: 'auto' | 'normal-approximation' } = {}): WilcoxonResult {
  checkFinite('differences', differences);
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  const zeros = differences.length - n;
  if (n === 0) return { positiveRankSum: 0, statistic: 0, n, zeros, pValue: 1, method: 'no-nonzero-differences' };
  const { ranks, tieTerm } = averageRanks(nonZero.map(Math.abs));
  let positiveRankSum = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) positiveRankSum += ranks[i];
  });
  const total = (n * (n + 1)) / 2;
  const statistic = Math.min(positiveRankSum, total - positiveRankSum);
  if (options.method !== 'normal-approximation' && n <= WILCOXON_EXACT_MAX_N && tieTerm === 0) {
    return { positiveRankSum, statistic, n, zeros, pValue: Math.min(1, 2 * exactCumulative(n)[Math.floor(statistic)]), method: 'exact' };
  }
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const z = (statistic - total / 2) / Math.sqrt(variance);
  return { positiveRankSum, statistic, n, zeros, pValue: Math.min(1, 2 * normalCdf(z)), method: 'normal-approximation' };
}
