/** Shared shapes of the statistics module: intervals, metric scales and the input error. */

/** How an interval was obtained; the name says which rule in statistics/README.md applied. */
export type IntervalMethod =
  | 'wilson'
  | 'clopper-pearson'
  | 't'
  | 'bootstrap-percentile'
  | 'newcombe-paired'
  | 'all-equal-bounded'
  | 'degenerate'
  | 'empty';

/**
 * A point estimate with a two-sided confidence interval. `estimate`, `lower` and `upper` are
 * null when there is nothing to estimate from (n = 0); `lower`/`upper` alone are null when the
 * data cannot bound the estimate (one value of a metric with no known range).
 */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** number of observations (or tasks) the interval rests on */
  n: number;
  /** confidence level, e.g. 0.95 */
  level: number;
  method: IntervalMethod;
}

/**
 * What values a metric takes. `binary` metrics are 0/1 (TensorZero boolean metrics);
 * `continuous` metrics are floats, optionally with a known range that intervals never leave.
 */
export type MetricScale = { kind: 'binary' } | { kind: 'continuous'; min?: number; max?: number };

/** Range of a scale; unbounded sides are ±Infinity. */
export function scaleRange(scale: MetricScale): { min: number; max: number } {
  if (scale.kind === 'binary') return { min: 0, max: 1 };
  return { min: scale.min ?? Number.NEGATIVE_INFINITY, max: scale.max ?? Number.POSITIVE_INFINITY };
}

/** Bad input to a statistics function: which argument, what value, and why it is refused. */
export class StatisticsInputError extends Error {
  override readonly name = 'StatisticsInputError';
  constructor(
    readonly argument: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`${argument} = ${typeof value === 'number' ? String(value) : JSON.stringify(value)}: ${reason}`);
  }
}

/** Default confidence level everywhere in the module. */
export const DEFAULT_LEVEL = 0.95;

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new StatisticsInputError('level', level, 'must be strictly between 0 and 1');
}

export function checkFinite(argument: string, values: readonly number[]): void {
  const index = values.findIndex((v) => !Number.isFinite(v));
  if (index >= 0) throw new StatisticsInputError(`${argument}[${index}]`, values[index], 'must be a finite number');
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample variance (divisor n − 1); 0 below two values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return sum / (values.length - 1);
}
