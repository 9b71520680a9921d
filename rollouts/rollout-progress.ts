import type { EpisodeResult, RolloutProgress } from './types';

/**
 * Counts settled episodes and reports a copy of the counts at the start and after every
 * episode; the rollout step puts them in its heartbeats, where the CLI shows them.
 */
export class RolloutProgressCounter {
  private readonly progress: RolloutProgress;

  constructor(
    total: number,
    private readonly report: ((progress: RolloutProgress) => void) | undefined,
  ) {
    this.progress = { done: 0, total, succeeded: 0, failed: 0 };
    this.report?.({ ...this.progress });
  }

  settled(result: EpisodeResult): void {
    this.progress.done++;
    if (result.success) this.progress.succeeded++;
    else this.progress.failed++;
    this.report?.({ ...this.progress });
  }
}
