/**
 * A gateway started with `AUTOPILOT_BENCH_GATEWAY_SEED` (ours): `variant_sampling_probabilities`
 * recomputes the adaptive experiment from the store when read (there is no timer to do it), and
 * a seed that is not an integer stops start-up with an error naming the variable.
 */
import { createMemoryStore } from './store/memory-store';
import type { GatewayStore } from './store/types';
import { GATEWAY_SEED_VARIABLE } from './experimentation/gateway-seed';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

const config = `
[functions.f]
type = "chat"
[functions.f.variants.a]
type = "chat_completion"
model = "sim::small"
[functions.f.variants.b]
type = "chat_completion"
model = "sim::small"
[functions.f.experimentation]
type = "adaptive"
metric = "quality"
candidate_variants = ["a", "b"]
min_samples_per_variant = 3
delta = 0.05
[metrics.quality]
type = "float"
optimize = "max"
level = "inference"
`;

describe('built-in gateway with a seeded experiment', () => {
  let store: GatewayStore;
  let gw: TestGateway | undefined;
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await store.close();
  });

  const score = async (variant: string, value: number): Promise<void> => {
    const inference = await gw!.post('/inference', { function_name: 'f', variant_name: variant, input: { messages: [] } });
    expect(inference.status).toBe(200);
    expect((await gw!.post('/feedback', { metric_name: 'quality', inference_id: inference.body.inference_id, value })).status).toBe(200);
  };

  it('reports the distribution of the stored feedback at read time, with no refresh from outside', async () => {
    gw = await startTestGateway({ files: { 'tensorzero.toml': config }, store, env: { [GATEWAY_SEED_VARIABLE]: '42' } });
    const probabilities = async () => (await gw!.get('/internal/functions/f/variant_sampling_probabilities')).body.probabilities;
    expect(await probabilities()).toEqual({ a: 0.5, b: 0.5 });
    for (const value of [1, 0.9, 1, 0.95, 1, 0.9, 1, 1]) await score('a', value);
    for (const value of [0, 0.1, 0, 0.05, 0, 0.1, 0, 0]) await score('b', value);
    expect(await probabilities()).toEqual({ a: 1 });
    // and new episodes follow it
    const episode = await gw!.post('/inference', { function_name: 'f', input: { messages: [] } });
    expect(episode.body.variant_name).toBe('a');
  });

  it('refuses a seed that is not an integer, naming the variable and the value', async () => {
    await expect(startTestGateway({ files: { 'tensorzero.toml': config }, store, env: { [GATEWAY_SEED_VARIABLE]: 'seven' } })).rejects.toThrow(
      /AUTOPILOT_BENCH_GATEWAY_SEED.*must be an integer, got "seven"/,
    );
  });
});
