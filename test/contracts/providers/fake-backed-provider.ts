/**
 * A provider type under test against a local server speaking its wire format (the fakes in
 * test/fakes/providers/): the provider is configured in tensorzero.toml with `api_base` at the
 * server and its key in `env::CONTRACT_PROVIDER_KEY`, and called as the built-in gateway calls it.
 */
import { createGatewayCaller } from './gateway-caller';
import type { ArrangedReply, ProviderUnderTest, ReceivedRequest } from './types';
import type { WireDialect } from './wire-dialects';

/** Longer than the suite's per-attempt timeout, so a slow reply is always cut off. */
const SLOW_REPLY_MS = 30_000;
const MODEL = 'contract_model';

export interface FakeBackedOptions {
  type: string;
  modelName: string;
  wire: WireDialect;
  /** a key shaped like the provider's, so redaction is tested on something realistic */
  apiKey: string;
}

export async function createFakeBackedProvider(options: FakeBackedOptions): Promise<ProviderUnderTest> {
  const server = await options.wire.start();
  const arrivals: number[] = [];
  let replies: ArrangedReply[] = [{ kind: 'text', text: 'ok' }];
  server.respondWith(async (_request, index) => {
    arrivals[index] = Date.now();
    const reply = replies[Math.min(index, replies.length - 1)];
    if (reply.kind !== 'slow') return options.wire.render(reply);
    // unref'd: a cut-off request must not keep Jest's process alive after the server closed
    await new Promise((resolve) => setTimeout(resolve, SLOW_REPLY_MS).unref());
    return options.wire.render({ kind: 'text', text: 'too late' });
  });
  const provider = [
    `type = "${options.type}"`,
    `model_name = "${options.modelName}"`,
    `api_base = "${server.apiBase}"`,
    'api_key_location = "env::CONTRACT_PROVIDER_KEY"',
  ].join('\n');
  const gateway = await createGatewayCaller({ [MODEL]: provider }, { CONTRACT_PROVIDER_KEY: options.apiKey });

  return {
    type: options.type,
    apiKey: options.apiKey,
    async arrange(...next) {
      // replies are indexed by request number, so later arrangements continue from here
      replies = [...server.requests.map(() => ({ kind: 'text', text: 'ok' }) as const), ...next];
    },
    received: (): ReceivedRequest[] => server.requests.map((r, i) => ({ atMs: arrivals[i], ...options.wire.decode(r) })),
    // none of these APIs reports a cost: the gateway must not invent one
    expectedUsage: (reply) => ({ inputTokens: reply.usage.input, outputTokens: reply.usage.output, costFor: () => undefined }),
    upstreamMessage: (arranged) => arranged,
    call: (request, callOptions) => gateway.call(MODEL, request, callOptions),
    async close() {
      await gateway.close();
      await server.close();
    },
  };
}
