import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chatCompletion, type FakeHandler } from '../test/fakes/providers/fake-openai-server';
import { createMemoryStore } from './store/memory-store';
import { createSqliteStore } from './store/sqlite-store';
import type { GatewayStore } from './store/types';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

const CONFIG = `
[functions.f]
type = "chat"
[functions.f.variants.a]
type = "chat_completion"
model = "sim::small"
[functions.f.variants.b]
type = "chat_completion"
model = "sim::small"
[functions.f.variants.safe]
type = "chat_completion"
model = "sim::small"
[functions.f.experimentation]
type = "adaptive"
algorithm = "track_and_stop"
metric = "solved"
candidate_variants = ["a", "b"]
fallback_variants = ["safe"]
min_samples_per_variant = 5
update_period_s = 60
[metrics.solved]
type = "boolean"
optimize = "max"
level = "episode"
`;

describe('built-in gateway: track-and-stop experiments', () => {
  let dir: string;
  let store: GatewayStore;
  let gw: TestGateway | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-tas-'));
    store = createSqliteStore(path.join(dir, 'store.sqlite'));
  });
  afterEach(async () => {
    await gw?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function episode(variant?: string): Promise<{ episode_id: string; variant_name: string }> {
    const { status, body } = await gw!.post('/inference', { function_name: 'f', input: { messages: [] }, ...(variant ? { variant_name: variant } : {}) });
    expect(status).toBe(200);
    return body;
  }

  it('round-robins the nursery, keeps episodes sticky, finds a winner and restores it from the store after a restart', async () => {
    gw = await startTestGateway({ files: { 'tensorzero.toml': CONFIG }, store });
    expect((await gw.get('/internal/functions/f/variant_sampling_probabilities')).body).toEqual({ probabilities: { a: 0.5, b: 0.5 } });
    const first = await episode();
    const second = await episode();
    expect([first.variant_name, second.variant_name].sort()).toEqual(['a', 'b']);
    const again = await gw.post('/inference', { function_name: 'f', episode_id: first.episode_id, input: { messages: [] } });
    expect(again.body.variant_name).toBe(first.variant_name);

    // b solves every episode, a none (pinned inferences count for the statistics)
    for (let i = 0; i < 6; i++) {
      for (const variant of ['a', 'b']) {
        const e = await episode(variant);
        await gw.post('/feedback', { metric_name: 'solved', episode_id: e.episode_id, value: variant === 'b' });
      }
    }
    await gw.server.context.samplers.refreshAll();
    expect((await gw.get('/internal/functions/f/variant_sampling_probabilities')).body).toEqual({ probabilities: { b: 1 } });
    expect((await episode()).variant_name).toBe('b');

    await gw.close();
    gw = await startTestGateway({ files: { 'tensorzero.toml': CONFIG }, store });
    expect((await gw.get('/internal/functions/f/variant_sampling_probabilities')).body).toEqual({ probabilities: { b: 1 } });
    const sticky = await gw.post('/inference', { function_name: 'f', episode_id: first.episode_id, input: { messages: [] } });
    expect(sticky.body.variant_name).toBe(first.variant_name);
  });
});

/** `sim::broken` fails; every other model answers with its own name. */
const failBroken: FakeHandler = (request) =>
  request.body.model === 'broken' ? { status: 500, body: { error: { message: 'boom' } } } : { body: chatCompletion({ text: String(request.body.model) }) };

const SEMANTICS = `
[functions.ns]
type = "chat"
[functions.ns.variants.x]
type = "chat_completion"
model = "sim::x"
[functions.ns.variants.y]
type = "chat_completion"
model = "sim::y"
[functions.ns.experimentation]
type = "static"
candidate_variants = ["x"]
[functions.ns.experimentation.namespaces.beta]
type = "static"
candidate_variants = ["y"]

[functions.adaptive]
type = "chat"
[functions.adaptive.variants.a]
type = "chat_completion"
model = "sim::broken"
[functions.adaptive.variants.b]
type = "chat_completion"
model = "sim::broken"
[functions.adaptive.variants.safe]
type = "chat_completion"
model = "sim::safe"
[functions.adaptive.variants.outside]
type = "chat_completion"
model = "sim::outside"
[functions.adaptive.experimentation]
type = "track_and_stop"
metric = "ok"
candidate_variants = ["a"]
fallback_variants = ["b", "safe"]

[functions.weighted]
type = "chat"
[functions.weighted.variants.heavy]
type = "chat_completion"
model = "sim::broken"
weight = 1.0
[functions.weighted.variants.disabled]
type = "chat_completion"
model = "sim::disabled"
weight = 0.0
[functions.weighted.variants.spare]
type = "chat_completion"
model = "sim::spare"

[metrics.ok]
type = "boolean"
optimize = "max"
level = "inference"
`;

describe('built-in gateway: experimentation semantics over HTTP', () => {
  let gw: TestGateway;
  let store: GatewayStore;
  beforeEach(async () => {
    store = createMemoryStore();
    gw = await startTestGateway({ files: { 'tensorzero.toml': SEMANTICS }, store, fakeHandler: failBroken });
  });
  afterEach(async () => {
    await gw.close();
  });
  const infer = (body: Record<string, unknown>) => gw.post('/inference', { input: { messages: [] }, ...body });

  it('uses the namespace’s experimentation when the request names one, tags the inference, and the base otherwise', async () => {
    const beta = await infer({ function_name: 'ns', namespace: 'beta' });
    expect(beta.body.variant_name).toBe('y');
    expect((await store.getInference(beta.body.inference_id))?.tags).toEqual({ 'tensorzero::namespace': 'beta' });
    expect((await infer({ function_name: 'ns' })).body.variant_name).toBe('x');
    expect((await infer({ function_name: 'ns', namespace: 'gamma' })).body.variant_name).toBe('x');
    expect((await gw.get('/internal/functions/ns/variant_sampling_probabilities?namespace=beta')).body).toEqual({ probabilities: { y: 1 } });
    expect((await infer({ function_name: 'ns', namespace: '' })).status).toBe(400);
  });

  it('adaptive: when the episode’s variant fails, tries the fallbacks in listed order', async () => {
    const { status, body } = await infer({ function_name: 'adaptive' });
    expect(status).toBe(200);
    expect(body.variant_name).toBe('safe');
    expect(gw.fake.requests.map((r) => r.body.model)).toEqual(['broken', 'broken', 'safe']);
    expect(await store.getEpisodeVariant('adaptive', body.episode_id)).toBe('a'); // the first draw is what is recorded
  });

  it('a pinned variant bypasses experimentation: no sampling, no fallback, no episode assignment, any variant allowed', async () => {
    const outside = await infer({ function_name: 'adaptive', variant_name: 'outside' });
    expect(outside.body.variant_name).toBe('outside');
    expect(await store.getEpisodeVariant('adaptive', outside.body.episode_id)).toBeUndefined();
    expect((await store.getInference(outside.body.inference_id))?.tags).toEqual({ 'tensorzero::variant_pinned': 'outside' });
    gw.fake.requests.length = 0;
    const failed = await infer({ function_name: 'adaptive', variant_name: 'a' });
    expect(failed.status).toBe(502);
    expect(gw.fake.requests).toHaveLength(1);
  });

  it('a dry run samples and runs but records neither the inference nor the episode assignment', async () => {
    const { status, body } = await infer({ function_name: 'adaptive', dryrun: true });
    expect(status).toBe(200);
    expect(body.variant_name).toBe('safe');
    expect(await store.getEpisodeVariant('adaptive', body.episode_id)).toBeUndefined();
    expect(await store.getInference(body.inference_id)).toBeUndefined();
  });

  it('deprecated variant weights: weight 0 is never served, variants without a weight are the fallbacks', async () => {
    expect((await gw.get('/internal/functions/weighted/variant_sampling_probabilities')).body).toEqual({ probabilities: { heavy: 1 } });
    const { body } = await infer({ function_name: 'weighted' });
    expect(body.variant_name).toBe('spare');
    expect(gw.fake.requests.map((r) => r.body.model)).toEqual(['broken', 'spare']);
  });
});
