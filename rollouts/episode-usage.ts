import type { Usage } from '../gateway/wire';
import type { EpisodeUsage } from './types';

/** Adds up what an episode's inferences used: tokens and cost as reported, latency as timed. */
export class EpisodeUsageCounter {
  private readonly startedAt = performance.now();
  private readonly usage: Omit<EpisodeUsage, 'episode_ms'> = { inferences: 0, input_tokens: 0, output_tokens: 0, cost: null, inference_ms: [] };

  add(usage: Usage | undefined, milliseconds: number): void {
    this.usage.inferences++;
    this.usage.inference_ms.push(milliseconds);
    this.usage.input_tokens += usage?.input_tokens ?? 0;
    this.usage.output_tokens += usage?.output_tokens ?? 0;
    // A model without a price reports no cost: the episode's cost stays unknown rather than 0.
    if (typeof usage?.cost === 'number') this.usage.cost = (this.usage.cost ?? 0) + usage.cost;
  }

  snapshot(): EpisodeUsage {
    return { ...this.usage, inference_ms: [...this.usage.inference_ms], episode_ms: performance.now() - this.startedAt };
  }
}
