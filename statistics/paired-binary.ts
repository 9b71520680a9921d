/**
 * Paired comparison of two policies on a binary metric, one outcome per task each: the 2×2
 * table of agreements, Newcombe's interval for the difference of the two success rates and
 * McNemar's exact test.
 */
import { normalQuantile, binomialCdf } from './special-functions';
import { wilsonBounds } from './proportion-interval';
import { checkLevel, DEFAULT_LEVEL, type Interval, StatisticsInputError } from './types';

/** The paired 2×2 table, policy against baseline. */
export interface PairedBinaryTable {
  bothSucceeded: number;
  /** policy succeeded, baseline failed */
  onlyPolicySucceeded: number;
  /** baseline succeeded, policy failed */
  onlyBaselineSucceeded: number;
  bothFailed: number;
}

/** Counts the table from per-task 0/1 outcomes (index i of each array is the same task). */
export function pairedBinaryTable(policy: readonly number[], baseline: readonly number[]): PairedBinaryTable {
  if (policy.length !== baseline.length) {
    throw new StatisticsInputError('baseline.length', baseline.length, `must equal policy.length (${policy.length}): outcomes are paired by task`);
  }
  const table: PairedBinaryTable = { bothSucceeded: 0, onlyPolicySucceeded: 0, onlyBaselineSucceeded: 0, bothFailed: 0 };
  for (let i = 0; i < policy.length; i++) {
    for (const [name, value] of [['policy', policy[i]], ['baseline', baseline[i]]] as const) {
      if (value !== 0 && value !== 1) throw new StatisticsInputError(`${name}[${i}]`, value, 'a binary metric takes 0 or 1');
    }
    if (policy[i] === 1 && baseline[i] === 1) table.bothSucceeded++;
    else if (policy[i] === 1) table.onlyPolicySucceeded++;
    else if (baseline[i] === 1) table.onlyBaselineSucceeded++;
    else table.bothFailed++;
  }
  return table;
}

function tableSize(t: PairedBinaryTable): number {
  return t.bothSucceeded + t.onlyPolicySucceeded + t.onlyBaselineSucceeded + t.bothFailed;
}

/**
 * Newcombe's (1998) hybrid score interval for the paired difference p_policy − p_baseline
 * (his method 10; the "square-and-add" interval of Fagerland, Lydersen & Laake 2014): combine
 * the Wilson intervals of the two marginal rates, correcting for their correlation φ. φ is
 * shrunk towards 0 by N/2 when positive and set to 0 when a margin is empty, as Newcombe does.
 * Good coverage at small n, never outside [−1, 1], positive width even when no pair disagrees.
 */
export function newcombePairedInterval(table: PairedBinaryTable, level = DEFAULT_LEVEL): Interval {
  checkLevel(level);
  const n = tableSize(table);
  if (n === 0) return { estimate: null, lower: null, upper: null, n: 0, level, method: 'newcombe-paired' };
  const z = normalQuantile(1 - (1 - level) / 2);
  const policySuccesses = table.bothSucceeded + table.onlyPolicySucceeded;
  const baselineSuccesses = table.bothSucceeded + table.onlyBaselineSucceeded;
  const p1 = policySuccesses / n;
  const p2 = baselineSuccesses / n;
  const w1 = wilsonBounds(policySuccesses, n, z);
  const w2 = wilsonBounds(baselineSuccesses, n, z);

  let phi = 0;
  const marginProduct = policySuccesses * (n - policySuccesses) * baselineSuccesses * (n - baselineSuccesses);
  if (marginProduct > 0) {
    const cross = table.bothSucceeded * table.bothFailed - table.onlyPolicySucceeded * table.onlyBaselineSucceeded;
    const corrected = cross > n / 2 ? cross - n / 2 : cross >= 0 ? 0 : cross;
    phi = corrected / Math.sqrt(marginProduct);
  }
  const estimate = p1 - p2;
  const belowPolicy = p1 - w1.lower;
  const abovePolicy = w1.upper - p1;
  const belowBaseline = p2 - w2.lower;
  const aboveBaseline = w2.upper - p2;
  const lower = estimate - Math.sqrt(Math.max(0, belowPolicy ** 2 + aboveBaseline ** 2 - 2 * phi * belowPolicy * aboveBaseline));
  const upper = estimate + Math.sqrt(Math.max(0, belowBaseline ** 2 + abovePolicy ** 2 - 2 * phi * belowBaseline * abovePolicy));
  return { estimate, lower: Math.max(-1, lower), upper: Math.min(1, upper), n, level, method: 'newcombe-paired' };
}

/**
 * McNemar's exact (conditional) test: under "no difference" each discordant pair is equally
 * likely to favour either policy, so the count favouring the policy is Binomial(b + c, 1/2).
 * Two-sided p = min(1, 2·P(X ≤ min(b, c))); 1 when no pair disagrees.
 */
export function mcnemarExactPValue(table: PairedBinaryTable): number {
  const b = table.onlyPolicySucceeded;
  const c = table.onlyBaselineSucceeded;
  if (b + c === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(b, c), b + c, 0.5));
}
