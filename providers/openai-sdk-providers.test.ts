import { createOpenAiCompatibleSdkProvider } from './openai-compatible-sdk-provider';
import { createOpenAiProvider } from './openai-provider';
import { chatCompletion, openAiError, startFakeOpenAiServer, type FakeOpenAiServer } from '../test/fakes/providers/fake-openai-server';
import { ProviderError, type ProviderRequest } from './types';

const KEY = 'sk-proj-secret-7890';
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });
const toolRequest: ProviderRequest = {
  system: 'sys',
  messages: [
    user('hi'),
    { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":1}' }] },
    { role: 'tool', toolCallId: 'c1', name: 'lookup', content: 'found' },
  ],
  tools: [
    { name: 'lookup', description: 'look up', parameters: { type: 'object' }, strict: true },
    { name: 'other', description: 'other', parameters: { type: 'object' } },
  ],
  toolChoice: 'required',
  parallelToolCalls: false,
  temperature: 0.5,
  maxTokens: 40,
  seed: 9,
};

describe.each([
  ['openai (official SDK provider)', (apiBase: string, apiKey?: string) => createOpenAiProvider({ apiBase, apiKey, modelName: 'gpt-4o-mini', providerName: 'openai' })],
  [
    'fireworks (OpenAI-compatible SDK provider)',
    (apiBase: string, apiKey?: string) => createOpenAiCompatibleSdkProvider({ apiBase, apiKey, modelName: 'gpt-4o-mini', providerName: 'fireworks', providerType: 'fireworks' }),
  ],
])('%s', (_label, make) => {
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await startFakeOpenAiServer();
  });
  afterEach(() => server.close());

  it('sends chat completions with a bearer key, tool history, tools, tool choice and sampling params', async () => {
    await make(server.apiBase, KEY).complete(toolRequest);
    const [sent] = server.requests;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'found' },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      temperature: 0.5,
      max_tokens: 40,
      seed: 9,
    });
    expect((sent.body.tools as unknown[]).length).toBe(2);
  });

  it('sends a strict json_schema response format and json_object for json_mode on', async () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };
    await make(server.apiBase, KEY).complete({ messages: [user('x')], responseFormat: { type: 'json_schema', name: 'response', schema, strict: true } });
    expect(server.requests[0].body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
    await make(server.apiBase, KEY).complete({ messages: [user('x')], responseFormat: { type: 'json_object' } });
    expect(server.requests[1].body.response_format).toEqual({ type: 'json_object' });
  });

  it('reads text, tool calls with their raw argument text, usage (and cost when present) and finish reasons', async () => {
    server.respondWith(() => ({
      body: chatCompletion({ text: null, toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q": "x",}' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, cost: 0.001 } }),
    }));
    const response = await make(server.apiBase, KEY).complete({ messages: [user('x')] });
    expect(response.text).toBeNull();
    expect(response.toolCalls).toEqual([{ id: 'call_1', name: 'lookup', arguments: '{"q": "x",}' }]);
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 3, cost: 0.001 });
    expect(response.finishReason).toBe('tool_call');
    expect(response.rawRequest).not.toContain(KEY);
  });

  it('maps 429 with retry-after-ms, 500 retryable, 400 not retryable, without the key; no key → no Authorization', async () => {
    server.respondWith(() => openAiError(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded', { 'retry-after-ms': '1500', 'retry-after': '2' }));
    const limited = (await make(server.apiBase, KEY).complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ status: 429, retryable: true, kind: 'rate_limit', retryAfterMs: 1500 });
    expect(limited.message).toContain('Rate limit reached');

    server.respondWith(() => openAiError(500, 'The server had an error while processing your request.', 'server_error'));
    expect(await make(server.apiBase, KEY).complete({ messages: [user('x')] }).catch((e: unknown) => e)).toMatchObject({ status: 500, retryable: true, kind: 'server' });

    server.respondWith(() => openAiError(400, `Invalid value for key ${KEY}`));
    const bad = (await make(server.apiBase, KEY).complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(bad).toMatchObject({ status: 400, retryable: false, kind: 'bad_request' });
    expect(bad.message).not.toContain(KEY);

    server.respondWith(() => ({ body: chatCompletion({}) }));
    await make(server.apiBase).complete({ messages: [user('x')] });
    expect(server.requests[server.requests.length - 1].headers.authorization).toBeUndefined();
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const apiBase = server.apiBase;
    await server.close();
    const error = (await make(apiBase, KEY).complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'network', retryable: true, status: undefined });
    server = await startFakeOpenAiServer();
  });
});

describe('OpenAI-compatible SDK provider specifics', () => {
  it('marks only strict tools strict and keeps the private body key off the wire', async () => {
    const server = await startFakeOpenAiServer();
    try {
      await createOpenAiCompatibleSdkProvider({ apiBase: server.apiBase, modelName: 'm', providerName: 'vllm', providerType: 'vllm' }).complete(toolRequest);
      const tools = server.requests[0].body.tools as { function: { name: string; strict?: boolean } }[];
      expect(tools.map((t) => [t.function.name, t.function.strict])).toEqual([['lookup', true], ['other', undefined]]);
      expect(Object.keys(server.requests[0].body).some((k) => k.startsWith('x_autopilot'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
