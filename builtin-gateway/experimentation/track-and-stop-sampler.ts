import type { Logger } from '../../common/logger';
import type { MetricConfig, TrackAndStopExperimentation } from '../config/types';
import type { GatewayStore } from '../store/types';
import { armStatisticsFromSamples } from './arm-statistics';
import { episodeUniform, pickWeighted } from './episode-hash';
import { computeTrackAndStopState, stateProbabilities, type TrackAndStopState } from './track-and-stop-state';
import type { VariantSampler } from './types';

export interface TrackAndStopSamplerOptions {
  functionName: string;
  config: TrackAndStopExperimentation;
  metric: MetricConfig;
  store: GatewayStore;
  /** uniform in [0, 1); injectable for tests */
  random?: () => number;
  /** false disables the periodic recomputation (tests call `refresh()` themselves) */
  schedule?: boolean;
  /**
   * Ours, not TensorZero's: with a seed the sampler is reproducible. Each episode's draw is a
   * seeded hash of its id (`episodeUniform`), nursery arms included (no arrival-order
   * round-robin), and there is no timer: state is recomputed only at start-up and by
   * `refresh()` (the gateway calls it when the probabilities are read).
   */
  seed?: number;
  logger?: Logger;
}

/**
 * Adaptive (track-and-stop) sampling. State is recomputed from the store by `refresh()`
 * (call it once at startup) and then every `update_period_s`. An episode keeps the
 * variant first drawn for it (stored in `variant_by_episode`); if that variant fails, the
 * fallbacks are tried in order. With `seed`, see that option: the same episode ids and the same
 * stored feedback give the same assignments whatever order requests arrive in.
 */
export function createTrackAndStopSampler(options: TrackAndStopSamplerOptions): VariantSampler & { state(): TrackAndStopState } {
  const { functionName, config, metric, store } = options;
  const random = options.random ?? Math.random;
  let state = computeTrackAndStopState(
    armStatisticsFromSamples([], { level: metric.level, candidates: config.candidates, maxSamplesPerVariant: config.maxSamplesPerVariant }),
    config,
    metric.optimize,
  );
  let roundRobin = 0;

  const refresh = async () => {
    const samples = await store.metricSamples({ functionName, metricName: metric.name, level: metric.level });
    const stats = armStatisticsFromSamples(samples, {
      level: metric.level,
      candidates: config.candidates,
      maxSamplesPerVariant: config.maxSamplesPerVariant,
    });
    state = computeTrackAndStopState(stats, config, metric.optimize);
    options.logger?.debug({ functionName, phase: state.phase, winner: state.winner }, 'track-and-stop state recomputed');
  };

  const seeded = options.seed !== undefined;
  const timer =
    options.schedule === false || seeded
      ? undefined
      : setInterval(() => {
          refresh().catch((err: unknown) => options.logger?.warn({ err, functionName }, 'track-and-stop recomputation failed'));
        }, config.updatePeriodMs);
  timer?.unref();

  const firstFallback = (excluded: ReadonlySet<string>) => config.fallbacks.find((v) => !excluded.has(v));

  const draw = (excluded: ReadonlySet<string>, episodeId: string): string | undefined => {
    const nursery = state.nursery.filter((v) => !excluded.has(v));
    const bandit = Object.entries(state.bandit)
      .filter(([v, p]) => !excluded.has(v) && p > 0)
      .map(([item, p]) => ({ item, weight: (1 - state.nurseryMass) * p }));
    const nurseryWeight = nursery.length > 0 ? state.nurseryMass : 0;
    const banditWeight = bandit.reduce((sum, b) => sum + b.weight, 0);
    if (nurseryWeight + banditWeight <= 0) return undefined;
    const u = (seeded ? episodeUniform(functionName, episodeId, options.seed) : random()) * (nurseryWeight + banditWeight);
    if (u < nurseryWeight) return seeded ? nursery[Math.floor((u / nurseryWeight) * nursery.length)] : nursery[roundRobin++ % nursery.length];
    return pickWeighted(bandit, (u - nurseryWeight) / banditWeight);
  };

  return {
    async sample({ episodeId, excluded, dryrun }) {
      const assigned = await store.getEpisodeVariant(functionName, episodeId);
      if (assigned !== undefined) {
        return config.candidates.includes(assigned) && !excluded.has(assigned) ? assigned : firstFallback(excluded);
      }
      const pick = draw(excluded, episodeId);
      if (pick === undefined) return firstFallback(excluded);
      if (dryrun) return pick;
      const stored = await store.assignEpisodeVariant(functionName, episodeId, pick);
      return excluded.has(stored) ? firstFallback(excluded) : stored;
    },
    probabilities: () => stateProbabilities(state),
    recomputesOnRead: seeded,
    refresh,
    state: () => state,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
