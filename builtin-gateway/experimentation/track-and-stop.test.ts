import { mulberry32 } from '../../common/mulberry32';
import { uuid7, uuid7FromRandom } from '../../common/uuid7';
import type { MetricConfig, TrackAndStopExperimentation } from '../config/types';
import { createMemoryStore } from '../store/memory-store';
import type { GatewayStore, MetricSample } from '../store/types';
import { armStatisticsFromSamples } from './arm-statistics';
import { storeScoredInferences } from '../../test/support/scored-inferences';
import { createTrackAndStopSampler } from './track-and-stop-sampler';
import { computeTrackAndStopState, stateProbabilities } from './track-and-stop-state';

const config: TrackAndStopExperimentation = {
  type: 'track_and_stop',
  metric: 'ok',
  candidates: ['a', 'b', 'c'],
  fallbacks: ['fb'],
  minSamplesPerVariant: 10,
  delta: 0.05,
  epsilon: 0,
  updatePeriodMs: 300_000,
  minProb: 0,
  maxSamplesPerVariant: 10_000,
};
const metric: MetricConfig = { name: 'ok', type: 'float', optimize: 'max', level: 'inference' };
const arm = (variant: string, count: number, mean: number, variance: number) => ({ variant, count, mean, variance });

describe('computeTrackAndStopState', () => {
  it('round-robins over all candidates while fewer than two are out of the nursery', () => {
    const state = computeTrackAndStopState([arm('a', 50, 0.9, 0.1), arm('b', 3, 0.1, 0.1), arm('c', 0, 0, 0)], config, 'max');
    expect(state.phase).toBe('nursery');
    expect(state.nursery).toEqual(['a', 'b', 'c']);
    expect(stateProbabilities(state)).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });

  it('gives the nursery n_nursery/K of the traffic and the rest to the bandit arms', () => {
    const state = computeTrackAndStopState([arm('a', 20, 0.8, 0.16), arm('b', 20, 0.5, 0.25), arm('c', 2, 0, 0)], config, 'max');
    expect(state.phase).toBe('mixed');
    expect(state.nursery).toEqual(['c']);
    expect(state.nurseryMass).toBeCloseTo(1 / 3, 12);
    const p = stateProbabilities(state);
    expect(p.c).toBeCloseTo(1 / 3, 12);
    expect(p.a + p.b).toBeCloseTo(2 / 3, 12);
  });

  it('sends all traffic to the winner once the stopping test passes', () => {
    const state = computeTrackAndStopState([arm('a', 100, 0.8, 0.16), arm('b', 100, 0.5, 0.25), arm('c', 100, 0.4, 0.24)], config, 'max');
    expect(state.phase).toBe('winner');
    expect(state.winner).toBe('a');
    expect(stateProbabilities(state)).toEqual({ a: 1 });
  });

  it('negates means when the metric is minimised', () => {
    const state = computeTrackAndStopState([arm('a', 100, 0.8, 0.16), arm('b', 100, 0.5, 0.25), arm('c', 100, 0.9, 0.09)], config, 'min');
    expect(state.winner).toBe('b');
  });

  it('declares a single candidate the winner from the start', () => {
    const state = computeTrackAndStopState([arm('a', 0, 0, 0)], { ...config, candidates: ['a'] }, 'max');
    expect(state).toMatchObject({ phase: 'winner', winner: 'a' });
  });
});

describe('armStatisticsFromSamples', () => {
  const sample = (seq: number, variant: string, value: number, episodeId = `e${seq}`): MetricSample => ({
    feedbackId: `f${seq}`,
    feedbackSeq: seq,
    targetId: episodeId,
    value,
    inferenceId: `i${seq}-${variant}`,
    episodeId,
    variantName: variant,
    inferenceCreatedAt: '2026-01-01T00:00:00.000Z',
  });

  it('counts every feedback row, ignores non-candidates and keeps only the most recent N per variant', () => {
    const samples = [sample(1, 'a', 1), sample(2, 'a', 0), sample(3, 'a', 1), sample(4, 'x', 1), sample(5, 'b', 0.5)];
    const stats = armStatisticsFromSamples(samples, { level: 'inference', candidates: ['a', 'b', 'c'], maxSamplesPerVariant: 2 });
    expect(stats).toEqual([
      { variant: 'a', count: 2, mean: 0.5, variance: 0.5 },
      { variant: 'b', count: 1, mean: 0.5, variance: 0 },
      { variant: 'c', count: 0, mean: 0, variance: 0 },
    ]);
  });

  it('ignores episode feedback for episodes served by more than one variant', () => {
    const samples = [sample(1, 'a', 1, 'e1'), sample(1, 'b', 1, 'e1'), sample(2, 'a', 0, 'e2'), sample(2, 'a', 0, 'e2')];
    const stats = armStatisticsFromSamples(samples, { level: 'episode', candidates: ['a', 'b'], maxSamplesPerVariant: 100 });
    expect(stats[0]).toEqual({ variant: 'a', count: 1, mean: 0, variance: 0 });
    expect(stats[1].count).toBe(0);
  });
});

describe('createTrackAndStopSampler', () => {
  let store: GatewayStore;
  beforeEach(() => {
    store = createMemoryStore();
  });

  const addFeedback = (variant: string, values: number[]) => storeScoredInferences(store, variant, values);
  const none = new Set<string>();

  it('round-robins new episodes through the nursery and keeps each episode on its first variant', async () => {
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, schedule: false, random: () => 0.5 });
    await sampler.refresh();
    const episodes = [uuid7(), uuid7(), uuid7(), uuid7()];
    const picks = [];
    for (const episodeId of episodes) picks.push(await sampler.sample({ episodeId, excluded: none, dryrun: false }));
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
    expect(await sampler.sample({ episodeId: episodes[1], excluded: none, dryrun: false })).toBe('b');
    expect(await store.getEpisodeVariant('f', episodes[2])).toBe('c');
    sampler.close();
  });

  it('does not record an assignment for dry runs', async () => {
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, schedule: false });
    const episodeId = uuid7();
    expect(await sampler.sample({ episodeId, excluded: none, dryrun: true })).toBeDefined();
    expect(await store.getEpisodeVariant('f', episodeId)).toBeUndefined();
  });

  it('falls back in order when the episode’s variant failed', async () => {
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, schedule: false });
    const episodeId = uuid7();
    const first = (await sampler.sample({ episodeId, excluded: none, dryrun: false })) as string;
    expect(await sampler.sample({ episodeId, excluded: new Set([first]), dryrun: false })).toBe('fb');
    expect(await sampler.sample({ episodeId, excluded: new Set([first, 'fb']), dryrun: false })).toBeUndefined();
  });

  it('moves to the winner after enough feedback and a refresh, while old episodes stay sticky', async () => {
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, schedule: false });
    const oldEpisode = uuid7();
    const oldVariant = await sampler.sample({ episodeId: oldEpisode, excluded: none, dryrun: false });
    const ones = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? 0 : 1));
    const zeros = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    await addFeedback('a', zeros);
    await addFeedback('b', ones);
    await addFeedback('c', zeros);
    await sampler.refresh();
    expect(sampler.state()).toMatchObject({ phase: 'winner', winner: 'b' });
    expect(sampler.probabilities()).toEqual({ b: 1 });
    for (let i = 0; i < 10; i++) expect(await sampler.sample({ episodeId: uuid7(), excluded: none, dryrun: false })).toBe('b');
    expect(await sampler.sample({ episodeId: oldEpisode, excluded: none, dryrun: false })).toBe(oldVariant);
  });

  it('enters the bandit phase with probabilities over the arms when no winner is clear', async () => {
    const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, schedule: false });
    await addFeedback('a', [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    await addFeedback('b', [1, 1, 0, 1, 0, 1, 0, 1, 0, 0]);
    await addFeedback('c', [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    await sampler.refresh();
    expect(sampler.state().phase).toBe('bandit');
    const p = sampler.probabilities();
    expect(Object.keys(p).sort()).toEqual(['a', 'b', 'c']);
    expect(Object.values(p).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });
});

/*
 * The seeded track-and-stop sampler (ours, `AUTOPILOT_BENCH_GATEWAY_SEED`): each episode's
 * draw depends on the random bits of its id and the seed only, so the order requests arrive in
 * and the ids' timestamps change nothing; state moves only at start-up and when refreshed.
 */
const unexcluded = new Set<string>();

/** `count` ids whose random bits come from `idSeed`, stamped at `nowMs`. */
function seededIds(idSeed: number, count: number, nowMs = Date.now()): string[] {
  const random = mulberry32(idSeed);
  return Array.from({ length: count }, () => uuid7FromRandom(random, nowMs));
}

/** The variant each id gets from a fresh sampler over a fresh store, sampled in the given order. */
async function assign(ids: string[], options: { seed: number; concurrent?: boolean; prepare?: (store: GatewayStore) => Promise<void> }) {
  const store = createMemoryStore();
  await options.prepare?.(store);
  const sampler = createTrackAndStopSampler({ functionName: 'f', config, metric, store, seed: options.seed });
  await sampler.refresh();
  const out: Record<string, string | undefined> = {};
  if (options.concurrent) {
    await Promise.all(ids.map(async (episodeId) => (out[episodeId] = await sampler.sample({ episodeId, excluded: unexcluded, dryrun: false }))));
  } else {
    for (const episodeId of ids) out[episodeId] = await sampler.sample({ episodeId, excluded: unexcluded, dryrun: false });
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
      await storeScoredInferences(store, 'a', [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
      await storeScoredInferences(store, 'b', [1, 1, 0, 1, 0, 1, 0, 1, 0, 0]);
      await storeScoredInferences(store, 'c', [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
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
      await storeScoredInferences(store, 'a', zeros);
      await storeScoredInferences(store, 'b', ones);
      await storeScoredInferences(store, 'c', zeros);
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
