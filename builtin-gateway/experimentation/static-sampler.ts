import type { StaticExperimentation } from '../config/types';
import { episodeUniform, pickWeighted } from './episode-hash';
import type { VariantSampler } from './types';

/**
 * Static weights (also uniform and the no-section default): the draw is a hash of
 * (function, episode), so an episode keeps its variant; a failed variant leaves the pool and
 * the same draw picks among the rest; then fallbacks in listed order.
 */
export function createStaticSampler(functionName: string, config: StaticExperimentation): VariantSampler {
  const positive = config.candidates.filter((c) => c.weight > 0);
  return {
    async sample({ episodeId, excluded }) {
      const pool = positive.filter((c) => !excluded.has(c.variant)).map((c) => ({ item: c.variant, weight: c.weight }));
      return pickWeighted(pool, episodeUniform(functionName, episodeId)) ?? config.fallbacks.find((v) => !excluded.has(v));
    },
    probabilities() {
      const total = positive.reduce((sum, c) => sum + c.weight, 0);
      if (total > 0) return Object.fromEntries(positive.map((c) => [c.variant, c.weight / total]));
      return config.fallbacks.length > 0 ? { [config.fallbacks[0]]: 1 } : {};
    },
    async refresh() {},
    close() {},
  };
}
