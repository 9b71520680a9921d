import { EpisodeTimer } from './timing';
import { failedResult } from './episode-result';
import { runEpisode } from './run-episode';
import type { EpisodeResult, RolloutOptions, VariantPin } from './types';

/** An episode that ran past its wall-clock limit; its record names the step it was on. */
export class EpisodeTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Runs one episode under its own abort controller, which the rollout's cancellation and the
 * episode's time limit both trip: a timed-out episode is recorded as failed at once and its
 * remaining work is cancelled rather than left running.
 */
export async function runEpisodeWithDeadline(
  options: RolloutOptions,
  episodeNum: number,
  taskIdx: number | undefined,
  pin?: VariantPin,
): Promise<EpisodeResult> {
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = new EpisodeTimer();
  let timeoutHandle: NodeJS.Timeout | undefined;
  try {
    const episode = runEpisode(options, episodeNum, taskIdx, timer, controller.signal, pin);
    const timeoutMs = options.episodeTimeoutMs;
    if (timeoutMs === null) return await episode;
    const timeout = new Promise<EpisodeResult>((resolve) => {
      timeoutHandle = setTimeout(() => {
        timer.markTimeout();
        const err = new EpisodeTimeoutError(timer.progressDescription(timeoutMs / 1000));
        controller.abort(err);
        resolve(failedResult(episodeNum, null, err, timer));
      }, timeoutMs);
    });
    return await Promise.race([episode, timeout]);
  } finally {
    clearTimeout(timeoutHandle);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
