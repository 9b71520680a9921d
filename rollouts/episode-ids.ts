/**
 * Episode ids. The built-in gateway's seeded experiments key each episode's variant draw on the
 * random bits of its UUIDv7, so with a seed those bits come from the run's seed, the rollout's
 * label and the episode's number: the same episode of the same rollout gets the same draw on
 * every run, whatever order episodes reach the gateway in. The timestamp stays the real time
 * (TensorZero checks it). Without a seed ids are fully random, as the original's.
 */
import { uuid7, uuid7FromRandom } from '../common/uuid7';
import { seededRandom } from '../statistics/seeded-random';

/** The id of episode `episodeNum` (1-based) of the rollout labelled `rollout`. */
export type EpisodeIds = (episodeNum: number) => string;

/** Seeded ids per (seed, rollout label, episode number); random ids when `seed` is null. */
export function episodeIdsFor(seed: number | null, rollout: string): EpisodeIds {
  if (seed === null) return () => uuid7();
  return (episodeNum) => uuid7FromRandom(seededRandom(seed, `episode-id:${rollout}:${episodeNum}`));
}
