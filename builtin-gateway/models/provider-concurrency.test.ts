import { anthropicMessage, startFakeAnthropicServer } from '../../test/fakes/providers/fake-anthropic-server';
import type { GatewayConfig } from '../config/types';
import { providerConcurrencyLimit } from './provider-concurrency';
import { createModelResolver } from './resolve-model';

describe('provider concurrency limits', () => {
  it('defaults to 64 for real providers and unlimited for the simulator; per-type variables win', () => {
    expect(providerConcurrencyLimit('openai', {})).toBe(64);
    expect(providerConcurrencyLimit('sim', {})).toBeUndefined();
    expect(providerConcurrencyLimit('openai', { AUTOPILOT_BENCH_PROVIDER_CONCURRENCY: '8' })).toBe(8);
    expect(providerConcurrencyLimit('sim', { AUTOPILOT_BENCH_PROVIDER_CONCURRENCY: '8' })).toBeUndefined();
    expect(providerConcurrencyLimit('sim', { AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_SIM: '4' })).toBe(4);
    expect(providerConcurrencyLimit('anthropic', { AUTOPILOT_BENCH_PROVIDER_CONCURRENCY: '8', AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_ANTHROPIC: 'unlimited' })).toBeUndefined();
  });

  it('rejects a malformed limit when the resolver is created, naming the variable', () => {
    const config = { models: {} } as unknown as GatewayConfig;
    expect(() => createModelResolver({ config, env: { AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_OPENAI: '0' } })).toThrow(
      `AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_OPENAI must be a positive integer or "unlimited", got '0'`,
    );
  });

  it('never has more calls in flight on one upstream than its limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await startFakeAnthropicServer(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return { body: anthropicMessage({}) };
    });
    try {
      const env = { ANTHROPIC_API_KEY: 'k', AUTOPILOT_BENCH_ANTHROPIC_API_BASE: server.apiBase, AUTOPILOT_BENCH_PROVIDER_CONCURRENCY_ANTHROPIC: '2' };
      const models = createModelResolver({ config: { models: {} } as unknown as GatewayConfig, env });
      const calls = ['anthropic::a', 'anthropic::b', 'anthropic::a', 'anthropic::b', 'anthropic::a'].map((name) =>
        models.resolve(name).providers[0].provider!.complete({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }),
      );
      await Promise.all(calls);
      expect(server.requests).toHaveLength(5);
      expect(peak).toBe(2);
    } finally {
      await server.close();
    }
  });
});
