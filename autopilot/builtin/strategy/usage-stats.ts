/** Cost, tokens and latency of a set of stored inferences (from `usage` and `processing_time_ms`). */
import type { StoredInferenceWithFeedback } from '../../../gateway/wire';
import { quantile } from './few-shot-selection';

export interface UsageStats {
  inferenceCount: number;
  /** USD over the inferences that report a cost; null when none does */
  costTotalUsd: number | null;
  costMeanUsd: number | null;
  /** inferences whose usage carries a cost */
  costKnownCount: number;
  inputTokensMean: number | null;
  outputTokensMean: number | null;
  latencyP50Ms: number | null;
  latencyP90Ms: number | null;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function finite(values: Array<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

export function usageStats(inferences: StoredInferenceWithFeedback[]): UsageStats {
  const costs = finite(inferences.map((i) => i.usage?.cost));
  const latencies = finite(inferences.map((i) => i.processing_time_ms)).sort((a, b) => a - b);
  return {
    inferenceCount: inferences.length,
    costTotalUsd: costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0),
    costMeanUsd: mean(costs),
    costKnownCount: costs.length,
    inputTokensMean: mean(finite(inferences.map((i) => i.usage?.input_tokens))),
    outputTokensMean: mean(finite(inferences.map((i) => i.usage?.output_tokens))),
    latencyP50Ms: latencies.length === 0 ? null : quantile(latencies, 0.5),
    latencyP90Ms: latencies.length === 0 ? null : quantile(latencies, 0.9),
  };
}
