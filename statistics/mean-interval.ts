/**
 * Confidence intervals for the mean of a metric: Student's t and the seeded percentile
 * bootstrap, both clipped to the metric's range, plus the rule for samples with no spread
 * (all values equal), where both would otherwise report a width of zero.
 */
import { seededRandom, randomInt } from './seeded-random';
import { normalQuantile, studentTQuantile } from './special-functions';
import { wilsonBounds } from './proportion-interval';
import { checkFinite, checkLevel, DEFAULT_LEVEL, type Interval, mean, sampleVariance, StatisticsInputError } from './types';

/** A closed range a metric's values (or differences) cannot leave; sides may be infinite. */
export interface ValueRange {
  min: number;
  max: number;
}

export const UNBOUNDED: ValueRange = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };

/** Resamples a bootstrap draws unless told otherwise: percentile error ≈ 0.005 at 95%. */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;

/** Stream name of bootstrap resampling under a seed. */
export const BOOTSTRAP_STREAM = 'bootstrap';

export interface MeanIntervalOptions {
  level?: number;
  /** values outside it are refused; interval bounds are clipped to it */
  range?: ValueRange;
}

export interface BootstrapOptions extends MeanIntervalOptions {
  seed: number;
  resamples?: number;
}

function clip(value: number, range: ValueRange): number {
  return Math.min(range.max, Math.max(range.min, value));
}

function checkSample(values: readonly number[], range: ValueRange): void {
  checkFinite('values', values);
  const index = values.findIndex((v) => v < range.min || v > range.max);
  if (index >= 0) throw new StatisticsInputError(`values[${index}]`, values[index], `is outside the metric's range [${range.min}, ${range.max}]`);
}

/**
 * What to report when a sample has no spread (one value, or all values equal to v), so the
 * t and bootstrap intervals would be [v, v]:
 * - range known on both sides: at most a fraction q of the population can differ from v, where
 *   q is the Wilson upper bound for "0 of n differ"; those could sit anywhere in the range, so
 *   the mean lies in [v − q·(v − min), v + q·(max − v)]. For a 0/1 metric this is exactly
 *   Wilson's interval for 0/n or n/n.
 * - range unknown, n ≥ 2: `degenerate` [v, v] (nothing bounds how far an unseen value could be).
 * - range unknown, n = 1: `degenerate` with null bounds (one value says nothing about spread).
 */
export function noSpreadInterval(value: number, n: number, level: number, range: ValueRange): Interval {
  if (Number.isFinite(range.min) && Number.isFinite(range.max)) {
    const q = wilsonBounds(0, n, normalQuantile(1 - (1 - level) / 2)).upper;
    return { estimate: value, lower: value - q * (value - range.min), upper: value + q * (range.max - value), n, level, method: 'all-equal-bounded' };
  }
  const bound = n >= 2 ? value : null;
  return { estimate: value, lower: bound, upper: bound, n, level, method: 'degenerate' };
}

function hasSpread(values: readonly number[]): boolean {
  return values.some((v) => v !== values[0]);
}

function prepare(values: readonly number[], options: MeanIntervalOptions): { level: number; range: ValueRange } | Interval {
  const level = options.level ?? DEFAULT_LEVEL;
  const range = options.range ?? UNBOUNDED;
  checkLevel(level);
  checkSample(values, range);
  if (values.length === 0) return { estimate: null, lower: null, upper: null, n: 0, level, method: 'empty' };
  if (!hasSpread(values)) return noSpreadInterval(values[0], values.length, level, range);
  return { level, range };
}

/** Student's t interval: mean ± t(n−1)·s/√n. For roughly normal data or moderate n. */
export function tInterval(values: readonly number[], options: MeanIntervalOptions = {}): Interval {
  const prepared = prepare(values, options);
  if ('method' in prepared) return prepared;
  const { level, range } = prepared;
  const n = values.length;
  const m = mean(values);
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(sampleVariance(values) / n);
  return { estimate: m, lower: clip(m - half, range), upper: clip(m + half, range), n, level, method: 't' };
}

/** Linear-interpolation quantile (type 7) of ascending values. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * Percentile bootstrap interval for the mean (Efron): resample the values with replacement
 * `resamples` times and take the α/2 and 1 − α/2 quantiles of the resampled means. No
 * normality assumption, never outside the observed range; the same seed gives the same bounds.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions): Interval {
  const prepared = prepare(values, options);
  if ('method' in prepared) return prepared;
  const { level, range } = prepared;
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  if (!Number.isSafeInteger(resamples) || resamples < 1) throw new StatisticsInputError('resamples', resamples, 'must be a positive integer');
  const random = seededRandom(options.seed, BOOTSTRAP_STREAM);
  const n = values.length;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomInt(random, n)];
    means[r] = sum / n;
  }
  means.sort();
  const alpha = 1 - level;
  return {
    estimate: mean(values),
    lower: clip(sortedQuantile(means, alpha / 2), range),
    upper: clip(sortedQuantile(means, 1 - alpha / 2), range),
    n,
    level,
    method: 'bootstrap-percentile',
  };
}
