import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSqliteStore } from './store/sqlite-store';
import type { GatewayStore } from './store/types';
import { startTestGateway, type TestGateway } from './test-support/test-gateway';

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
