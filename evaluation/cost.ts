/**
 * Cost and latency of a set of test episodes (one policy, or one variant): tokens and USD per
 * episode as the gateway reported them, latency p50/p90 per inference and per episode as the
 * agent timed them. Latencies are wall-clock and vary between runs; tokens and cost do not
 * on simulated models.
 */
import { quantile } from '../autopilot/builtin/strategy/few-shot-selection';
import { UNKNOWN_VARIANT } from '../results/stats';
import type { EpisodeResult } from '../rollouts/types';

export interface CostSummary {
  episodes: number;
  tokens_per_episode: number | null;
  /** null when no inference reported a cost (a model without a price) */
  cost_per_episode_usd: number | null;
  latency_ms_p50: number | null;
  latency_ms_p90: number | null;
  episode_latency_ms_p50: number | null;
  episode_latency_ms_p90: number | null;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function percentiles(values: number[]): { p50: number | null; p90: number | null } {
  if (values.length === 0) return { p50: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(quantile(sorted, 0.5), 1), p90: round(quantile(sorted, 0.9), 1) };
}

/** Every episode with usage counts, failed ones included: a failure costs tokens too. */
export function costSummary(episodes: readonly EpisodeResult[]): CostSummary {
  const usages = episodes.flatMap((e) => (e.usage ? [e.usage] : []));
  const n = usages.length;
  const costs = usages.filter((u) => u.cost !== null);
  const inference = percentiles(usages.flatMap((u) => u.inference_ms));
  const episode = percentiles(usages.map((u) => u.episode_ms));
  return {
    episodes: n,
    tokens_per_episode: n === 0 ? null : round(usages.reduce((sum, u) => sum + u.input_tokens + u.output_tokens, 0) / n, 3),
    cost_per_episode_usd: costs.length === 0 ? null : round(costs.reduce((sum, u) => sum + (u.cost ?? 0), 0) / n, 8),
    latency_ms_p50: inference.p50,
    latency_ms_p90: inference.p90,
    episode_latency_ms_p50: episode.p50,
    episode_latency_ms_p90: episode.p90,
  };
}

/** The same summary per variant that served the episodes. */
export function costByVariant(episodes: readonly EpisodeResult[]): Record<string, CostSummary> {
  const groups = new Map<string, EpisodeResult[]>();
  for (const episode of episodes) {
    const variant = episode.variant_name ?? UNKNOWN_VARIANT;
    groups.set(variant, [...(groups.get(variant) ?? []), episode]);
  }
  return Object.fromEntries([...groups.keys()].sort().map((variant) => [variant, costSummary(groups.get(variant)!)]));
}
