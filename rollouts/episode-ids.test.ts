import { isUuid7, uuid7RandomPart, uuid7Timestamp } from '../common/uuid7';
import { episodeIdsFor } from './episode-ids';

describe('episodeIdsFor', () => {
  it('gives valid UUIDv7s stamped now whose random bits repeat for the same seed, rollout and episode', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20 }, (_, i) => episodeIdsFor(5, 'iteration 1 train')(i + 1));
    const again = Array.from({ length: 20 }, (_, i) => episodeIdsFor(5, 'iteration 1 train')(i + 1));
    for (const id of ids) {
      expect(isUuid7(id)).toBe(true);
      expect(uuid7Timestamp(id)).toBeGreaterThanOrEqual(before);
    }
    expect(again.map(uuid7RandomPart)).toEqual(ids.map(uuid7RandomPart));
    expect(new Set(ids.map(uuid7RandomPart)).size).toBe(20);
  });

  it('draws other bits for another seed or another rollout, and random ones without a seed', () => {
    const part = (seed: number | null, rollout: string) => uuid7RandomPart(episodeIdsFor(seed, rollout)(1));
    expect(part(5, 'iteration 1 train')).not.toBe(part(6, 'iteration 1 train'));
    expect(part(5, 'iteration 1 train')).not.toBe(part(5, 'iteration 2 train'));
    expect(part(null, 'iteration 1 train')).not.toBe(part(null, 'iteration 1 train'));
    expect(isUuid7(episodeIdsFor(null, 'x')(1))).toBe(true);
  });
});
