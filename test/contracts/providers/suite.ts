/**
 * The provider contract suite: what the built-in gateway relies on from every model provider
 * type, checked the same way on each (evalite's testAllStorage pattern). Each case runs once
 * per registry entry that lists it, on a fresh upstream and provider, through the gateway's
 * own config loading, model resolution and `callModel`.
 */
import { ProviderError, type ProviderRequest } from '../../../providers/types';
import type { ProviderContractCase, ProviderRegistryEntry, ProviderUnderTest } from './types';

const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });
const SYSTEM = 'You are the order desk of a shop.';
const QUESTION = 'Where is order 42?';
const LOOKUP_ORDER = {
  name: 'lookup_order',
  description: 'Look up an order by id',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
};
const chat = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ system: SYSTEM, messages: [user(QUESTION)], maxTokens: 256, ...extra });

type CaseBody = (provider: ProviderUnderTest) => Promise<void>;

export function defineProviderContractSuite(registry: readonly ProviderRegistryEntry[]): void {
  const cases: [ProviderContractCase, string, CaseBody][] = [
    ['chat', 'answers a chat request with the text, sending the prompt and the key in its own header', chatCase],
    ['json_mode', 'asks for JSON in its own way when the request has a json_schema response format', jsonModeCase],
    ['tools', 'round-trips a tool call: offered tool → call with id and arguments → tool result sent back', toolsCase],
    ['usage_and_cost', 'reports the token usage of the answer, and a cost only when the upstream reports one', usageCase],
    ['auth_error', 'maps a rejected key to a final `auth` error that never quotes the key', authCase],
    ['bad_request_error', 'maps a rejected request to a final `bad_request` error quoting the upstream', badRequestCase],
    ['server_error', 'maps an upstream failure to a retryable `server` error, which a retry gets past', serverCase],
    ['rate_limit_retry_after', "waits at least the 429's Retry-After before retrying, and stops when it exceeds max_delay_s", rateLimitCase],
    ['attempt_timeout', 'cuts off every attempt at the per-attempt timeout, as a retryable `timeout`', timeoutCase],
  ];
  for (const entry of registry) {
    describe(`provider contract: ${entry.label}`, () => {
      for (const [name, title, body] of cases) {
        if (!entry.cases.includes(name)) continue; // not applicable: listed in README.md, not skipped
        it(title, async () => {
          const provider = await entry.create();
          try {
            await body(provider);
          } finally {
            await provider.close();
          }
        });
      }
    });
  }
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

async function chatCase(p: ProviderUnderTest): Promise<void> {
  await p.arrange({ kind: 'text', text: 'It ships on Monday.' });
  const { response, providerName } = await p.call(chat());
  expect(response).toMatchObject({ text: 'It ships on Monday.', toolCalls: [], finishReason: 'stop' });
  expect(providerName).toBe('upstream');
  const [sent] = p.received();
  expect(sent.promptText).toContain(SYSTEM);
  expect(sent.promptText).toContain(QUESTION);
  expect(sent.credential).toBe(p.apiKey);
  expect(sent.jsonMode).toBe(false);
  if (p.apiKey) expect(response.rawRequest + response.rawResponse).not.toContain(p.apiKey);
}

async function jsonModeCase(p: ProviderUnderTest): Promise<void> {
  const answer = { person: ['Alice', 'Bob'] };
  await p.arrange({ kind: 'text', text: JSON.stringify(answer) });
  const schema = { type: 'object', properties: { person: { type: 'array', items: { type: 'string' } } }, required: ['person'], additionalProperties: false };
  const { response } = await p.call(chat({ messages: [user('Alice met Bob.')], responseFormat: { type: 'json_schema', name: 'extract', schema, strict: true } }));
  expect(JSON.parse(response.text ?? 'null')).toEqual(answer);
  expect(p.received()[0].jsonMode).toBe(true);
}

async function toolsCase(p: ProviderUnderTest): Promise<void> {
  await p.arrange({ kind: 'tool_call', id: 'call_42', name: 'lookup_order', arguments: { order_id: '42' } }, { kind: 'text', text: 'It shipped yesterday.' });
  const first = await p.call(chat({ tools: [LOOKUP_ORDER], toolChoice: 'auto' }));
  expect(first.response.finishReason).toBe('tool_call');
  expect(first.response.toolCalls).toHaveLength(1);
  const [call] = first.response.toolCalls;
  expect(call.name).toBe('lookup_order');
  expect(JSON.parse(call.arguments)).toEqual({ order_id: '42' });
  expect(call.id).toEqual(expect.any(String));
  expect(p.received()[0].toolNames).toEqual(['lookup_order']);

  const second = await p.call(
    chat({
      tools: [LOOKUP_ORDER],
      messages: [user(QUESTION), { role: 'assistant', content: [], toolCalls: [call] }, { role: 'tool', toolCallId: call.id, name: call.name, content: '{"status":"shipped"}' }],
    }),
  );
  expect(second.response.text).toBe('It shipped yesterday.');
  const results = p.received()[1].toolResults;
  expect(results).toHaveLength(1);
  expect(results[0].content).toContain('shipped');
  // wires with call ids must echo ours; Gemini's has none and matches by name
  if (results[0].id !== undefined) expect(results[0].id).toBe(call.id);
  else expect(results[0].name).toBe('lookup_order');
}

async function usageCase(p: ProviderUnderTest): Promise<void> {
  const reply = { text: 'Counted every token.', usage: { input: 321, output: 45 } };
  await p.arrange({ kind: 'text', ...reply });
  const { usage } = (await p.call(chat())).response;
  const want = p.expectedUsage(reply);
  if (want.inputTokens !== undefined) expect(usage.inputTokens).toBe(want.inputTokens);
  else expect(usage.inputTokens).toBeGreaterThan(0);
  expect(usage.outputTokens).toBe(want.outputTokens);
  const cost = want.costFor(usage.inputTokens as number, usage.outputTokens as number);
  if (cost === undefined) expect(usage.cost ?? undefined).toBeUndefined();
  else expect(usage.cost).toBeCloseTo(cost, 12);
}

async function authCase(p: ProviderUnderTest): Promise<void> {
  // servers echo (part of) a bad key; ours echoes all of it, so redaction is what keeps it out
  await p.arrange({ kind: 'error', failure: 'auth', message: `Incorrect API key provided: ${p.apiKey}` });
  const err = await failure(p.call(chat(), { numRetries: 2 }));
  expect(err).toMatchObject({ kind: 'auth', retryable: false });
  expect([401, 403]).toContain(err.status);
  expect(err.message).toContain('Incorrect API key provided');
  expect(err.message).not.toContain(p.apiKey as string);
  expect(p.received()).toHaveLength(1);
}

async function badRequestCase(p: ProviderUnderTest): Promise<void> {
  const message = "max_tokens: 999999 > 8192, the model's maximum";
  await p.arrange({ kind: 'error', failure: 'bad_request', message });
  const err = await failure(p.call(chat(), { numRetries: 2 }));
  expect(err).toMatchObject({ kind: 'bad_request', retryable: false });
  expect(err.status).toBeGreaterThanOrEqual(400);
  expect(err.status).toBeLessThan(500);
  expect(err.message).toContain(p.upstreamMessage(message));
}

async function serverCase(p: ProviderUnderTest): Promise<void> {
  const down = { kind: 'error', failure: 'server', message: 'The server is overloaded.' } as const;
  await p.arrange(down, down, { kind: 'text', text: 'Back again.' });
  const err = await failure(p.call(chat()));
  expect(err).toMatchObject({ kind: 'server', retryable: true });
  expect(err.status).toBeGreaterThanOrEqual(500);
  expect((await p.call(chat(), { numRetries: 1, maxDelayS: 1 })).response.text).toBe('Back again.');
  expect(p.received()).toHaveLength(3);
}

async function rateLimitCase(p: ProviderUnderTest): Promise<void> {
  await p.arrange({ kind: 'error', failure: 'rate_limit', message: 'Rate limit reached for requests', retryAfterS: 1 }, { kind: 'text', text: 'After the wait.' });
  expect((await p.call(chat(), { numRetries: 1, maxDelayS: 5 })).response.text).toBe('After the wait.');
  const [limited, retried] = p.received();
  // a lower bound the back-off must respect (its own jitter alone is at most 100 ms here), not a speed check
  expect(retried.atMs - limited.atMs).toBeGreaterThanOrEqual(1000 - 5);

  await p.arrange({ kind: 'error', failure: 'rate_limit', message: 'Rate limit reached for requests', retryAfterS: 30 });
  const err = await failure(p.call(chat(), { numRetries: 3, maxDelayS: 2 }));
  expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryable: false, retryAfterMs: 30_000 });
  expect(err.message).toMatch(/not retried: .*30 s.*2 s/);
  expect(p.received()).toHaveLength(3);
}

async function timeoutCase(p: ProviderUnderTest): Promise<void> {
  await p.arrange({ kind: 'slow' }, { kind: 'slow' });
  const err = await failure(p.call(chat(), { numRetries: 1, maxDelayS: 0.1 }));
  expect(err).toMatchObject({ kind: 'timeout', retryable: true });
  // the retry got a timer of its own: with one shared deadline it would have been aborted before it was sent
  expect(p.received()).toHaveLength(2);
}
