/**
 * Aggregation of one iteration's paired comparisons over seeds (independent runs): the mean
 * difference with a t-interval, how many seeds improved or worsened significantly, and a
 * verdict whose rules are spelled out on `seedVerdict`.
 */
import { tInterval, type ValueRange } from './mean-interval';
import { checkLevel, DEFAULT_LEVEL, type Interval, StatisticsInputError } from './types';

/** Which direction of the metric is better (TensorZero's `optimize`). */
export type Optimize = 'max' | 'min';

export type Verdict = 'improved' | 'worse' | 'no-significant-difference';

/** What one seed contributes: its paired difference (policy − baseline) and p-value. */
export interface SeedComparison {
  seed: number;
  difference: number;
  pValue: number;
}

export interface SeedAggregate {
  seeds: number;
  /** mean over seeds of the per-seed difference, with a t-interval over seeds */
  meanDifference: Interval;
  /** seeds whose paired test rejected "no difference" at `alpha` with the better sign */
  improvedSignificantly: number;
  /** seeds whose paired test rejected "no difference" at `alpha` with the worse sign */
  worsenedSignificantly: number;
  verdict: Verdict;
}

export interface SeedAggregateOptions {
  optimize: Optimize;
  /** significance level of the per-seed tests; default 1 − level */
  alpha?: number;
  level?: number;
  /** range of one seed's difference (±(max − min) of the metric); bounds the interval */
  differenceRange?: ValueRange;
}

function better(difference: number, optimize: Optimize): boolean {
  return optimize === 'max' ? difference > 0 : difference < 0;
}

/**
 * Verdict rules:
 * - two or more seeds: `improved` when the whole t-interval of the mean difference lies on
 *   the better side of 0, `worse` when it lies wholly on the worse side, otherwise
 *   `no-significant-difference`. The seeds are the replicates, so run-to-run variation
 *   (task sample, autopilot choices) is part of the uncertainty.
 * - one seed: that seed's paired test decides (p < alpha, and the sign of its difference).
 */
export function seedVerdict(aggregate: Omit<SeedAggregate, 'verdict'>, single: SeedComparison | null, optimize: Optimize, alpha: number): Verdict {
  if (single) {
    if (single.pValue >= alpha || single.difference === 0) return 'no-significant-difference';
    return better(single.difference, optimize) ? 'improved' : 'worse';
  }
  const { lower, upper } = aggregate.meanDifference;
  if (lower === null || upper === null) return 'no-significant-difference';
  const low = optimize === 'max' ? lower : -upper;
  const high = optimize === 'max' ? upper : -lower;
  if (low > 0) return 'improved';
  if (high < 0) return 'worse';
  return 'no-significant-difference';
}

/** Aggregates one iteration's per-seed comparisons. */
export function aggregateSeeds(comparisons: readonly SeedComparison[], options: SeedAggregateOptions): SeedAggregate {
  const level = options.level ?? DEFAULT_LEVEL;
  checkLevel(level);
  const alpha = options.alpha ?? 1 - level;
  if (!(alpha > 0 && alpha < 1)) throw new StatisticsInputError('alpha', alpha, 'must be strictly between 0 and 1');
  if (comparisons.length === 0) throw new StatisticsInputError('comparisons', [], 'needs at least one seed');
  comparisons.forEach((c, i) => {
    if (!(c.pValue >= 0 && c.pValue <= 1)) throw new StatisticsInputError(`comparisons[${i}].pValue`, c.pValue, 'must be between 0 and 1');
  });
  const significant = comparisons.filter((c) => c.pValue < alpha && c.difference !== 0);
  const aggregate = {
    seeds: comparisons.length,
    meanDifference: tInterval(
      comparisons.map((c) => c.difference),
      { level, range: options.differenceRange },
    ),
    improvedSignificantly: significant.filter((c) => better(c.difference, options.optimize)).length,
    worsenedSignificantly: significant.filter((c) => !better(c.difference, options.optimize)).length,
  };
  const single = comparisons.length === 1 ? comparisons[0] : null;
  return { ...aggregate, verdict: seedVerdict(aggregate, single, options.optimize, alpha) };
}
