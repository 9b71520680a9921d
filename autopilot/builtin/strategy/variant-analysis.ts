/**
 * Where the function stands: per-variant metric mean and confidence interval (from the gateway's
 * variant performances), error modes (error-modes.ts), cost and latency (usage-stats.ts), and
 * which variant currently looks best.
 */
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import { experimentationCandidates, isChatCompletionVariant } from './config-access';
import type { FunctionConfig, MetricConfig } from './config-types';
import { analyseErrorModes, failedInferences, successReference, toolContextOf, type ErrorModes } from './error-modes';
import { isInvalidOutput } from './example-rendering';
import { successfulInferences } from './few-shot-selection';
import { usageStats, type UsageStats } from './usage-stats';

export interface VariantStats {
  variantName: string;
  model: string | null;
  inConfig: boolean;
  /** data points behind the metric mean (episodes for episode-level metrics) */
  metricCount: number;
  metricMean: number | null;
  /** half-width of the 95% interval; null with fewer than two data points */
  ciError: number | null;
  inferenceCount: number;
  invalidCount: number;
  /** invalid outputs, tool misuse and wrong-answer categories of this variant's stored inferences */
  errorModes: ErrorModes;
  /** cost, tokens and latency of this variant's stored inferences */
  usage: UsageStats;
}

export interface FunctionAnalysis {
  functionName: string;
  functionType: 'chat' | 'json';
  metricName: string;
  metric: MetricConfig;
  variants: VariantStats[];
  bestVariant: string;
  /** why `bestVariant` was chosen */
  bestReason: 'highest_metric' | 'baseline_no_data';
  totalInferences: number;
  invalidCount: number;
  /** over all stored inferences of the function */
  errorModes: ErrorModes;
  usage: UsageStats;
}

/** Sums cumulative rows per variant (a cumulative window normally gives one row each). */
function performanceByVariant(rows: VariantPerformanceRow[]): Map<string, { count: number; mean: number; ciError: number | null }> {
  const byVariant = new Map<string, { count: number; sum: number; ciError: number | null }>();
  for (const row of rows) {
    const entry = byVariant.get(row.variant_name) ?? { count: 0, sum: 0, ciError: null };
    entry.count += row.count;
    entry.sum += row.avg_metric * row.count;
    entry.ciError = row.ci_error ?? entry.ciError;
    byVariant.set(row.variant_name, entry);
  }
  const out = new Map<string, { count: number; mean: number; ciError: number | null }>();
  for (const [name, e] of byVariant) out.set(name, { count: e.count, mean: e.count > 0 ? e.sum / e.count : 0, ciError: e.ciError });
  return out;
}

/** The variant to build on when there is no usable data: the experiment's first candidate, `initial`, or any chat completion. */
export function baselineVariant(fn: FunctionConfig): string | null {
  const usable = Object.keys(fn.variants).filter((name) => isChatCompletionVariant(fn.variants[name]));
  const fromExperiment = experimentationCandidates(fn).find((name) => usable.includes(name));
  if (fromExperiment) return fromExperiment;
  if (usable.includes('initial')) return 'initial';
  return usable.sort()[0] ?? null;
}

/**
 * Best by mean in the metric's direction among usable config variants, preferring variants with
 * at least `minCount` data points; ties go to more data, then to the name.
 */
export function pickBestVariant(stats: VariantStats[], optimize: 'max' | 'min', minCount: number): string | null {
  const withData = stats.filter((s) => s.inConfig && s.model !== null && s.metricMean !== null && s.metricCount > 0);
  const trusted = withData.filter((s) => s.metricCount >= minCount);
  const pool = trusted.length > 0 ? trusted : withData;
  const sign = optimize === 'max' ? 1 : -1;
  const sorted = [...pool].sort(
    (a, b) =>
      sign * ((b.metricMean as number) - (a.metricMean as number)) ||
      b.metricCount - a.metricCount ||
      a.variantName.localeCompare(b.variantName),
  );
  return sorted[0]?.variantName ?? null;
}

export interface AnalyseFunctionOptions {
  functionName: string;
  fn: FunctionConfig;
  metricName: string;
  metric: MetricConfig;
  inferences: StoredInferenceWithFeedback[];
  performances: VariantPerformanceRow[];
  /** variants with fewer data points only count as best when no variant has this many */
  minTrustedCount: number;
}

export function analyseFunction(options: AnalyseFunctionOptions): FunctionAnalysis | null {
  const { fn, inferences } = options;
  const performance = performanceByVariant(options.performances);
  const names = new Set<string>([...Object.keys(fn.variants), ...performance.keys(), ...inferences.map((i) => i.variant_name)]);
  // Failures of every variant are compared with the successes of all variants.
  const errorOptions = {
    metricName: options.metricName,
    metric: options.metric,
    tools: toolContextOf(fn),
    reference: successReference(successfulInferences(inferences, options.metricName, options.metric)),
    failedIds: new Set(failedInferences(inferences, options.metricName, options.metric).map((i) => i.inference_id)),
  };
  const variants: VariantStats[] = [...names].sort().map((variantName) => {
    const config = fn.variants[variantName];
    const perf = performance.get(variantName);
    const own = inferences.filter((i) => i.variant_name === variantName);
    return {
      variantName,
      model: config && isChatCompletionVariant(config) ? config.model : null,
      inConfig: config !== undefined,
      metricCount: perf?.count ?? 0,
      metricMean: perf ? perf.mean : null,
      ciError: perf?.ciError ?? null,
      inferenceCount: own.length,
      invalidCount: own.filter((i) => isInvalidOutput(i.output)).length,
      errorModes: analyseErrorModes(own, errorOptions),
      usage: usageStats(own),
    };
  });
  const best = pickBestVariant(variants, options.metric.optimize, options.minTrustedCount);
  const bestVariant = best ?? baselineVariant(fn);
  if (!bestVariant) return null;
  return {
    functionName: options.functionName,
    functionType: fn.type,
    metricName: options.metricName,
    metric: options.metric,
    variants,
    bestVariant,
    bestReason: best ? 'highest_metric' : 'baseline_no_data',
    totalInferences: inferences.length,
    invalidCount: inferences.filter((i) => isInvalidOutput(i.output)).length,
    errorModes: analyseErrorModes(inferences, errorOptions),
    usage: usageStats(inferences),
  };
}
