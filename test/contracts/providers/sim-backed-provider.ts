/**
 * `type = "sim"` under test against its real server (sim-provider/server.ts). The simulator
 * answers from the oracles environments register, so the suite scripts it the same way: a
 * contract oracle, registered for this instance only, recognises the instance's marker in the
 * system text and answers the arranged text or tool call ideally (difficulty 0, no mistakes).
 * It also records what it was asked. Slow replies come from restarting the server on the same
 * port with a large latency scale (the simulator's own latency model).
 */
import { registerOracle, unregisterOracle } from '../../../sim-provider/oracles';
import { createSimProviderServer } from '../../../sim-provider/server';
import { countTokens } from '../../../sim-provider/simulate';
import { costUsd, resolveTier } from '../../../sim-provider/tiers';
import type { SimProviderServer } from '../../../sim-provider/types';
import { createGatewayCaller } from './gateway-caller';
import type { ArrangedReply, ProviderUnderTest, ReceivedRequest } from './types';
import { openAiWire } from './wire-dialects';

const MODEL = 'contract_model';
/** a model whose tier the simulator does not know: its 404 `model_not_found` is the bad request sim can produce */
const UNKNOWN_TIER_MODEL = 'contract_unknown_tier';
/** small tier: ≥ 3 ms × 1000 = 3 s per answer, beyond the suite's per-attempt timeout */
const SLOW_LATENCY_SCALE = 1000;

let instances = 0;

export async function createSimBackedProvider(): Promise<ProviderUnderTest> {
  const id = ++instances;
  const marker = `[provider-contract ${process.pid}-${id}]`;
  const oracleName = `provider-contract-${id}`;
  const decode = openAiWire().decode;
  const received: ReceivedRequest[] = [];
  let replies: ArrangedReply[] = [{ kind: 'text', text: 'ok' }];
  let badRequestNext = false;

  registerOracle({
    name: oracleName,
    answer(request) {
      if (!request.messages.some((m) => typeof m.content === 'string' && m.content.includes(marker))) return null;
      received.push({ atMs: Date.now(), ...decode({ method: 'POST', path: '/v1/chat/completions', headers: {}, body: request as unknown as Record<string, unknown> }) });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)];
      if (reply.kind === 'tool_call') return { kind: 'tool_call', difficulty: 0, ideal: { name: reply.name, arguments: reply.arguments }, mistakes: [] };
      return { kind: 'text', difficulty: 0, ideal: reply.kind === 'text' ? reply.text : 'ok', mistakes: [] };
    },
  });

  let server: SimProviderServer = await createSimProviderServer({ seed: 11, latencyScale: 0 });
  const gateway = await createGatewayCaller(
    { [MODEL]: 'type = "sim"\nmodel_name = "small"', [UNKNOWN_TIER_MODEL]: 'type = "sim"\nmodel_name = "no_such_tier"' },
    { AUTOPILOT_BENCH_SIM_URL: server.url },
  );

  return {
    type: 'sim',
    apiKey: undefined,
    async arrange(...next) {
      if (next.some((r) => r.kind === 'error' && r.failure !== 'bad_request')) throw new Error('the simulator cannot be made to fail this way; do not register the case for sim');
      badRequestNext = next.some((r) => r.kind === 'error');
      replies = [...received.map(() => ({ kind: 'text', text: 'ok' }) as const), ...next];
      if (next.some((r) => r.kind === 'slow')) {
        const port = server.port;
        await server.close();
        server = await createSimProviderServer({ seed: 11, port, latencyScale: SLOW_LATENCY_SCALE });
      }
    },
    received: () => [...received],
    expectedUsage: (reply) => ({ outputTokens: countTokens(reply.text), costFor: (input, output) => costUsd(resolveTier('small'), input, output) }),
    // the simulator names the model it does not know
    upstreamMessage: () => 'no_such_tier',
    call: (request, options) => {
      const model = badRequestNext ? UNKNOWN_TIER_MODEL : MODEL;
      return gateway.call(model, { ...request, system: `${request.system ?? ''}\n${marker}` }, options);
    },
    async close() {
      unregisterOracle(oracleName);
      await gateway.close();
      await server.close();
    },
  };
}
