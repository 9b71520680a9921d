import { createAnthropicProvider } from './anthropic-provider';
import { anthropicError, anthropicMessage, startFakeAnthropicServer, type FakeAnthropicServer } from '../test/fakes/providers/fake-anthropic-server';
import { ProviderError, type ProviderRequest } from './types';

const KEY = 'sk-ant-secret-123456';
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

describe('createAnthropicProvider (Messages API through the AI SDK)', () => {
  let server: FakeAnthropicServer;
  beforeEach(async () => {
    server = await startFakeAnthropicServer(undefined, { apiKey: KEY });
  });
  afterEach(() => server.close());
  const provider = (apiKey: string | undefined = KEY) => createAnthropicProvider({ apiBase: server.apiBase, apiKey, modelName: 'claude-haiku-4-5', providerName: 'anthropic' });

  it('sends system, alternating messages with tool_use/tool_result blocks, tools and a forced tool choice', async () => {
    const request: ProviderRequest = {
      system: 'be brief',
      messages: [
        user('hi'),
        { role: 'assistant', content: [{ type: 'text', text: 'looking' }], toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":1}' }] },
        { role: 'tool', toolCallId: 'toolu_1', name: 'lookup', content: 'found' },
      ],
      tools: [{ name: 'lookup', description: 'look up', parameters: { type: 'object', properties: { q: { type: 'number' } } } }],
      toolChoice: { specific: 'lookup' },
      parallelToolCalls: false,
      temperature: 0.3,
      maxTokens: 100,
      stopSequences: ['###'],
    };
    await provider().complete(request);
    const [sent] = server.requests;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      temperature: 0.3,
      stop_sequences: ['###'],
      system: [{ type: 'text', text: 'be brief' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'looking' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'found' }] },
      ],
      tools: [{ name: 'lookup', description: 'look up', input_schema: { type: 'object', properties: { q: { type: 'number' } } } }],
      tool_choice: { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
    });
  });

  it('reads text, tool_use blocks (arguments as JSON text), usage and stop reasons', async () => {
    server.respondWith(() => ({
      body: anthropicMessage({ text: 'calling', toolUses: [{ id: 'toolu_9', name: 'lookup', input: { q: 'x' } }], usage: { input_tokens: 21, output_tokens: 7 } }),
    }));
    const response = await provider().complete({ messages: [user('x')] });
    expect(response.text).toBe('calling');
    expect(response.toolCalls).toEqual([{ id: 'toolu_9', name: 'lookup', arguments: '{"q":"x"}' }]);
    expect(response.usage).toEqual({ inputTokens: 21, outputTokens: 7 });
    expect(response.finishReason).toBe('tool_call');
    expect(JSON.parse(response.rawResponse).id).toBe('msg_01TestFake');

    server.respondWith(() => ({ body: anthropicMessage({ text: 'cut', stopReason: 'stop_sequence', stopSequence: '###' }) }));
    expect((await provider().complete({ messages: [user('x')] })).finishReason).toBe('stop_sequence');
    server.respondWith(() => ({ body: anthropicMessage({ text: 'cut', stopReason: 'max_tokens' }) }));
    expect((await provider().complete({ messages: [user('x')] })).finishReason).toBe('length');
  });

  it('json_mode strict uses native structured outputs; json_mode on prefills "{" and puts it back', async () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };
    server.respondWith(() => ({ body: anthropicMessage({ text: '{"a":1}' }) }));
    const strict = await provider().complete({ messages: [user('x')], responseFormat: { type: 'json_schema', name: 'response', schema, strict: true } });
    expect(strict.text).toBe('{"a":1}');
    expect(server.requests[0].body.output_config).toEqual({ format: { type: 'json_schema', schema } });

    server.respondWith(() => ({ body: anthropicMessage({ text: '"a":2}' }) }));
    const on = await provider().complete({ messages: [user('x')], responseFormat: { type: 'json_object' } });
    expect(on.text).toBe('{"a":2}');
    const sent = server.requests[1].body.messages as { role: string; content: unknown }[];
    expect(sent[sent.length - 1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: '{' }] });
  });

  it('maps 429 with retry-after to a retryable rate_limit error carrying the hint, 529 to a retryable server error', async () => {
    server.respondWith(() => anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': '7' }));
    const limited = (await provider().complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ status: 429, retryable: true, kind: 'rate_limit', retryAfterMs: 7000, providerName: 'anthropic' });
    expect(limited.message).toContain('per-minute rate limit');

    server.respondWith(() => anthropicError(529, 'overloaded_error', 'Overloaded'));
    const overloaded = (await provider().complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(overloaded).toMatchObject({ status: 529, retryable: true, kind: 'server' });
    expect(overloaded.message).toContain('Overloaded');
  });

  it('maps 400 to a non-retryable bad_request and a wrong key to auth, never showing the key', async () => {
    server.respondWith(() => anthropicError(400, 'invalid_request_error', `messages.0: bad content (key ${KEY})`));
    const bad = (await provider().complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(bad).toMatchObject({ status: 400, retryable: false, kind: 'bad_request' });
    expect(bad.message).toContain('bad content');
    expect(bad.message).not.toContain(KEY);

    const unauthorised = (await provider('wrong-key').complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(unauthorised).toMatchObject({ status: 401, retryable: false, kind: 'auth' });
  });

  it('keeps the key out of the stored raw request and sends no key header without a key', async () => {
    const response = await provider().complete({ messages: [user('x')] });
    expect(response.rawRequest).not.toContain(KEY);
    expect(response.rawResponse).not.toContain(KEY);
    const open = await startFakeAnthropicServer();
    try {
      await createAnthropicProvider({ apiBase: open.apiBase, modelName: 'm', providerName: 'a' }).complete({ messages: [user('x')] });
      expect(open.requests[0].headers['x-api-key']).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('reports a timeout as a retryable timeout error', async () => {
    server.respondWith(() => new Promise(() => {}));
    const error = (await provider().complete({ messages: [user('x')] }, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });
});
