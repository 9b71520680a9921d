/**
 * Track-and-stop end to end (reference §3.7): crafted feedback goes in through real HTTP
 * `POST /feedback`, and `variant_sampling_probabilities` plus the variants new episodes get
 * show the nursery, the bandit phase, and the winner appearing exactly at the feedback row
 * that makes the stopping rule pass — then being revoked, and a new candidate re-opening
 * the experiment next to the winner. With `AUTOPILOT_BENCH_GATEWAY_SEED` (ours) there is no timer:
 * the route itself recomputes the state from the store.
 */
import { createMemoryStore } from './store/memory-store';
import type { GatewayStore } from './store/types';
import { GATEWAY_SEED_VARIABLE } from './experimentation/gateway-seed';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

const config = (candidates: string[], fallbacks: string[]) => `
[functions.f]
type = "chat"
[functions.f.variants.a]
type = "chat_completion"
model = "sim::small"
[functions.f.variants.b]
type = "chat_completion"
model = "sim::small"
[functions.f.variants.c]
type = "chat_completion"
model = "sim::small"
[functions.f.experimentation]
type = "adaptive"
metric = "quality"
candidate_variants = ${JSON.stringify(candidates)}
fallback_variants = ${JSON.stringify(fallbacks)}
min_samples_per_variant = 3
delta = 0.05
[metrics.quality]
type = "float"
optimize = "max"
level = "inference"
`;

/** The stopping statistic of §3.7 item 4 for two arms, written out independently of the gateway. */
function stoppingTest(leader: number[], other: number[], delta = 0.05): { z: number; threshold: number } {
  const stats = (xs: number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    return { n: xs.length, mean, variance: Math.max(variance, 1e-12) };
  };
  const l = stats(leader);
  const o = stats(other);
  const gap = l.mean - o.mean;
  const z = gap <= 0 ? 0 : (gap * gap) / (2 * (l.variance / l.n + o.variance / o.n));
  return { z, threshold: Math.log((1 + Math.log(l.n + o.n)) / delta) };
}

describe('built-in gateway: the track-and-stop stopping rule on crafted feedback', () => {
  let store: GatewayStore;
  let gw: TestGateway | undefined;
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(async () => {
    await gw?.close();
    await store.close();
  });

  const probabilities = async (): Promise<Record<string, number>> => {
    await gw!.server.context.samplers.refreshAll(); // what the update_period_s timer does
    const { status, body } = await gw!.get('/internal/functions/f/variant_sampling_probabilities');
    expect(status).toBe(200);
    return body.probabilities;
  };
  const newEpisode = async (episodeId?: string): Promise<{ variant_name: string; episode_id: string }> => {
    const { status, body } = await gw!.post('/inference', { function_name: 'f', input: { messages: [] }, ...(episodeId ? { episode_id: episodeId } : {}) });
    expect(status).toBe(200);
    return body;
  };
  /** a pinned inference of `variant` (pinned ones count for the statistics) with one float feedback row */
  const score = async (variant: string, value: number): Promise<void> => {
    const inference = await gw!.post('/inference', { function_name: 'f', variant_name: variant, input: { messages: [] } });
    expect(inference.status).toBe(200);
    const feedback = await gw!.post('/feedback', { metric_name: 'quality', inference_id: inference.body.inference_id, value });
    expect(feedback.status).toBe(200);
  };

  it('moves from the nursery to the bandit phase to the winner exactly when min Z exceeds ln((1 + ln N)/delta)', async () => {
    gw = await startTestGateway({ files: { 'tensorzero.toml': config(['a', 'b'], ['c']) }, store });

    // Nursery: pure round-robin over all candidates.
    expect(await probabilities()).toEqual({ a: 0.5, b: 0.5 });
    const early = [await newEpisode(), await newEpisode(), await newEpisode(), await newEpisode()];
    expect(early.map((e) => e.variant_name)).toEqual(['a', 'b', 'a', 'b']);

    const aValues = [1.0, 0.6, 0.8, 1.0, 0.6]; // mean 0.8, variance 0.04
    for (const value of aValues) await score('a', value);
    // a has left the nursery, b has not: fewer than two bandit arms → still round-robin
    expect(await probabilities()).toEqual({ a: 0.5, b: 0.5 });

    // Per b value k: k < 3 nursery; 3 ≤ k ≤ 7 bandit with Z below the threshold; from k = 8 on
    // Z = 4.903 > 4.267 = ln((1 + ln 13)/0.05), so a is declared the winner (k = 7: Z = 3.899 < 4.244).
    const bValues = [0.2, 0.6, 0.4, 0.8, 0.2, 0.4, 0.6, 0.2];
    for (let k = 1; k <= bValues.length; k++) {
      await score('b', bValues[k - 1]);
      const p = await probabilities();
      if (k < 3) {
        expect(p).toEqual({ a: 0.5, b: 0.5 });
        continue;
      }
      const { z, threshold } = stoppingTest(aValues, bValues.slice(0, k));
      expect(z > threshold).toBe(k === 8);
      if (k < 8) {
        expect(Object.keys(p).sort()).toEqual(['a', 'b']);
        expect(p.a + p.b).toBeCloseTo(1, 12);
        expect(p.a).toBeLessThan(1);
        expect(p.b).toBeGreaterThan(0);
      } else {
        expect(p).toEqual({ a: 1 });
      }
    }

    // The winner gets every new episode; episodes assigned earlier keep their variant.
    for (let i = 0; i < 8; i++) expect((await newEpisode()).variant_name).toBe('a');
    const earlyB = early.find((e) => e.variant_name === 'b')!;
    expect((await newEpisode(earlyB.episode_id)).variant_name).toBe('b');

    // Later data can revoke the winner: one b value of 1.2 brings Z down to 2.051 < 4.287.
    const revoking = [...bValues, 1.2];
    const { z, threshold } = stoppingTest(aValues, revoking);
    expect(z).toBeLessThan(threshold);
    await score('b', 1.2);
    const reopened = await probabilities();
    expect(reopened.a).toBeLessThan(1);
    expect(reopened.b).toBeGreaterThan(0);
  });

  it('puts a newly added candidate in the nursery next to a declared winner after a restart', async () => {
    gw = await startTestGateway({ files: { 'tensorzero.toml': config(['a', 'b'], []) }, store });
    for (const value of [1, 1, 1]) await score('a', value);
    for (const value of [0, 0, 0]) await score('b', value);
    expect(await probabilities()).toEqual({ a: 1 }); // deterministic arms: variances floored at 1e-12
    await gw.close();

    gw = await startTestGateway({ files: { 'tensorzero.toml': config(['a', 'b', 'c'], []) }, store });
    // nursery mass n_nursery/K = 1/3 for c; the winner among the bandit arms keeps the rest
    const p = await probabilities();
    expect(Object.keys(p).sort()).toEqual(['a', 'c']);
    expect(p.c).toBeCloseTo(1 / 3, 12);
    expect(p.a).toBeCloseTo(2 / 3, 12);
    const served = new Set<string>();
    for (let i = 0; i < 12; i++) served.add((await newEpisode()).variant_name);
    expect(served.has('b')).toBe(false);
  });

  it('counts episode feedback only for single-variant episodes, and every repeated row (unlike variant_performances)', async () => {
    const episodeConfig = config(['a', 'b'], []).replace('metric = "quality"', 'metric = "solved"').replace('min_samples_per_variant = 3', 'min_samples_per_variant = 2') +
      '[metrics.solved]\ntype = "float"\noptimize = "max"\nlevel = "episode"\n';
    gw = await startTestGateway({ files: { 'tensorzero.toml': episodeConfig }, store });
    const pinned = async (variant: string, episodeId?: string): Promise<string> => {
      const { body } = await gw!.post('/inference', { function_name: 'f', variant_name: variant, input: { messages: [] }, ...(episodeId ? { episode_id: episodeId } : {}) });
      return body.episode_id;
    };
    const solved = async (episodeId: string, value: number) => {
      expect((await gw!.post('/feedback', { metric_name: 'solved', episode_id: episodeId, value })).status).toBe(200);
    };
    for (let i = 0; i < 2; i++) await solved(await pinned('a'), 1);
    const bOnly = await pinned('b');
    await solved(bOnly, 0);
    const mixed = await pinned('a');
    await pinned('b', mixed);
    await solved(mixed, 0);
    // b has one usable data point (the mixed episode is ignored) → still in the nursery
    expect(await probabilities()).toEqual({ a: 0.5, b: 0.5 });

    // variant_performances credits the mixed episode to both variants, latest row per episode
    const perf = await gw.get('/internal/functions/f/variant_performances?metric_name=solved&time_window=cumulative');
    expect(perf.body.performances.map((r: { variant_name: string; count: number }) => [r.variant_name, r.count])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);

    // a repeated row on the same episode counts again for track-and-stop → b leaves the nursery and a wins
    await solved(bOnly, 0);
    expect(await probabilities()).toEqual({ a: 1 });
  });

  it('with a gateway seed, recomputes the state when the probabilities are read, with no refresh from outside', async () => {
    gw = await startTestGateway({ files: { 'tensorzero.toml': config(['a', 'b'], ['c']) }, store, env: { [GATEWAY_SEED_VARIABLE]: '42' } });
    const read = async () => (await gw!.get('/internal/functions/f/variant_sampling_probabilities')).body.probabilities;
    expect(await read()).toEqual({ a: 0.5, b: 0.5 });
    for (const value of [1.0, 0.6, 0.8, 1.0, 0.6]) await score('a', value);
    for (const value of [0.2, 0.6, 0.4, 0.8, 0.2, 0.4, 0.6, 0.2]) await score('b', value);
    expect(await read()).toEqual({ a: 1 });
    expect((await newEpisode()).variant_name).toBe('a');
  });

  it('refuses a gateway seed that is not an integer, naming the variable and the value', async () => {
    await expect(startTestGateway({ files: { 'tensorzero.toml': config(['a', 'b'], ['c']) }, store, env: { [GATEWAY_SEED_VARIABLE]: 'seven' } })).rejects.toThrow(
      /AUTOPILOT_BENCH_GATEWAY_SEED.*must be an integer, got "seven"/,
    );
  });
});
