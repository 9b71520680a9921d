/**
 * The seeded track-and-stop sampler (ours, `AUTOPILOT_BENCH_GATEWAY_SEED`): each episode's
 * draw depends on the random bits of its id and the seed only, so the order requests arrive in
 * and the ids' timestamps change nothing; state moves only at start-up and when refreshed.
 */
import { mulberry32 } from '../../common/mulberry32';
import { uuid7FromRandom } from '../../common/uuid7';
import { storeScoredInferences } from '../../test/support/scored-inferences';
import type { MetricConfig, TrackAndStopExperimentation } from '../config/types';
import { createMemoryStore } from '../store/memory-store';
import type { GatewayStore } from '../store/types';
import { createTrackAndStopSampler } from './track-and-stop-sampler';

const config: TrackAndStopExperimentation = {
  type: 'track_and_stop',
  metric: 'ok',
  candidates: ['a', 'b', 'c'],
  fallbacks: ['fb'],
  minSamplesPerVariant: 10,
  delta: 0.05,
  epsilon: 0,
  updatePeriodMs: 5_000,
  minProb: 0,
  maxSamplesPerVariant: 10_000,
};
const metric: MetricConfig = { name: 'ok', type: 'float', optimize: 'max', level: 'inference' };
const none = new Set<string>();

/** `count` ids whose random bits come from `idSeed`, stamped at `nowMs`. */
function seededIds(idSeed: number, count: number, nowMs = Date.now()): string[] {
  const random = mulberry32(idSeed);
  return Array.from({ length: count }, () => uuid7FromRandom(random, nowMs));
}

const addFeedback = storeScoredInferences;

/** The variant each id gets from a fresh sampler over a fresh store, sampled in the given order. */
async function assign(ids: string[], options: { seed: number; concurrent?: boolean; prepare?: (store: GatewayStore) => Promise<void> }) {
  const store = createMemoryStore();
  await options.prepare?.(store);
  const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, seed: options.seed });
  await sampler.refresh();
  const out: Record<string, string | undefined> = {};
  if (options.concurrent) {
    await Promise.all(ids.map(async (episodeId) => (out[episodeId] = await sampler.sample({ episodeId, excluded: none, dryrun: false }))));
  } else {
    for (const episodeId of ids) out[episodeId] = await sampler.sample({ episodeId, excluded: none, dryrun: false });
  }
  sampler.close();
  await store.close();
  return out;
}

describe('seeded track-and-stop sampler', () => {
  const ids = seededIds(11, 90);

  it('assigns each episode the same variant whatever order the requests arrive in', async () => {
    const inOrder = await assign(ids, { seed: 7 });
    expect(await assign([...ids].reverse(), { seed: 7 })).toEqual(inOrder);
    expect(await assign(ids, { seed: 7, concurrent: true })).toEqual(inOrder);
    // the nursery still spreads episodes over every candidate, roughly evenly
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (const variant of Object.values(inOrder)) counts[variant!]++;
    for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(18);
  });

  it('ignores the timestamp of the episode id, not its random bits or the seed', async () => {
    const early = await assign(seededIds(11, 90, Date.UTC(2026, 0, 1)), { seed: 7 });
    const late = await assign(seededIds(11, 90, Date.UTC(2026, 5, 1)), { seed: 7 });
    expect(Object.values(late)).toEqual(Object.values(early));
    const otherSeed = await assign(seededIds(11, 90, Date.UTC(2026, 0, 1)), { seed: 8 });
    expect(Object.values(otherSeed)).not.toEqual(Object.values(early));
    const otherIds = await assign(seededIds(12, 90, Date.UTC(2026, 0, 1)), { seed: 7 });
    expect(Object.values(otherIds)).not.toEqual(Object.values(early));
  });

  it('draws bandit-phase episodes from the state’s probabilities', async () => {
    const prepare = async (store: GatewayStore) => {
      await addFeedback(store, 'a', [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
      await addFeedback(store, 'b', [1, 1, 0, 1, 0, 1, 0, 1, 0, 0]);
      await addFeedback(store, 'c', [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    };
    const store = createMemoryStore();
    await prepare(store);
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, seed: 3 });
    await sampler.refresh();
    expect(sampler.state().phase).toBe('bandit');
    const p = sampler.probabilities();
    const many = seededIds(5, 3000);
    const picks = await assign(many, { seed: 3, prepare });
    for (const variant of ['a', 'b', 'c']) {
      const share = Object.values(picks).filter((v) => v === variant).length / many.length;
      expect(Math.abs(share - p[variant])).toBeLessThan(0.04);
    }
    sampler.close();
  });

  it('has no timer: state moves only at refresh(), which readers call before probabilities()', async () => {
    jest.useFakeTimers();
    try {
      const store = createMemoryStore();
      const unseeded = createTrackAndStopSampler({ functionName: 'f', config, metric, store });
      expect(jest.getTimerCount()).toBe(1);
      expect(unseeded.recomputesOnRead).toBe(false);
      unseeded.close();
      expect(jest.getTimerCount()).toBe(0);

      const seeded = createTrackAndStopSampler({ functionName: 'f', config, metric, store, seed: 1 });
      expect(jest.getTimerCount()).toBe(0);
      expect(seeded.recomputesOnRead).toBe(true);
      await seeded.refresh();
      expect(seeded.state().phase).toBe('nursery');
      const ones = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? 0 : 1));
      const zeros = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? 1 : 0));
      await addFeedback(store, 'a', zeros);
      await addFeedback(store, 'b', ones);
      await addFeedback(store, 'c', zeros);
      jest.advanceTimersByTime(10 * config.updatePeriodMs);
      expect(seeded.state().phase).toBe('nursery');
      await seeded.refresh();
      expect(seeded.state()).toMatchObject({ phase: 'winner', winner: 'b' });
      expect(seeded.probabilities()).toEqual({ b: 1 });
      seeded.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
