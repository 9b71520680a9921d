import { Semaphore } from '../scheduler/semaphore';
import { failedResult } from './episode-result';
import { EpisodeTimer } from './timing';
import type { EpisodeResult } from './types';

/**
 * Runs episodes 1..`count` with at most `concurrency` at once, in episode order as slots free
 * up (the last batch may be partial). Every episode settles to a result: an error that escapes
 * `runOne` (only a cancellation does) is recorded as the original records escaped exceptions,
 * under episode -1. `onSettled` sees each result as it arrives.
 */
export async function runEpisodesConcurrently(
  count: number,
  concurrency: number,
  runOne: (episodeNum: number) => Promise<EpisodeResult>,
  onSettled: (result: EpisodeResult) => void,
): Promise<EpisodeResult[]> {
  const semaphore = new Semaphore(Math.max(1, concurrency));
  const episodeNums = Array.from({ length: count }, (_, i) => i + 1);
  return Promise.all(
    episodeNums.map(async (episodeNum) => {
      let result: EpisodeResult;
      try {
        result = await semaphore.run(() => runOne(episodeNum));
      } catch (err) {
        result = failedResult(-1, null, err, new EpisodeTimer());
      }
      onSettled(result);
      return result;
    }),
  );
}
