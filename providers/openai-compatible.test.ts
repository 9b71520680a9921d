import { createOpenAiCompatibleProvider } from './openai-compatible';
import { chatCompletion, startFakeOpenAiServer, type FakeOpenAiServer } from '../test/fakes/providers/fake-openai-server';
import { ProviderError } from './types';

describe('createOpenAiCompatibleProvider', () => {
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await startFakeOpenAiServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends messages, tools, tool choice, response format and sampling params in the OpenAI wire format', async () => {
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase, apiKey: 'sk-test-12345678', modelName: 'gpt-x', providerName: 'openai' });
    await provider.complete({
      system: 'be brief',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":1}' }] },
        { role: 'tool', toolCallId: 'c1', name: 'lookup', content: 'found' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      ],
      tools: [{ name: 'lookup', description: 'look up', parameters: { type: 'object' } }],
      toolChoice: { specific: 'lookup' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'response', schema: { type: 'object' }, strict: true },
      temperature: 0.2,
      maxTokens: 64,
      seed: 7,
      stopSequences: ['###'],
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-12345678');
    expect(request.body).toEqual({
      model: 'gpt-x',
      stream: false,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'found' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'look up', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' }, strict: true } },
      temperature: 0.2,
      max_tokens: 64,
      seed: 7,
      stop: ['###'],
    });
  });

  it('sends no Authorization header without a key, and accepts an api base without a trailing slash', async () => {
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase.replace(/\/$/, ''), modelName: 'small', providerName: 'sim' });
    await provider.complete({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
    expect(server.requests[0].path).toBe('/v1/chat/completions');
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('normalises text, tool calls, usage with cost and the finish reason', async () => {
    server.respondWith(() => ({
      body: chatCompletion({
        text: 'thinking',
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }],
        usage: { prompt_tokens: 12, completion_tokens: 3, cost: 0.0042 },
      }),
    }));
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase, modelName: 'm', providerName: 'sim' });
    const response = await provider.complete({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
    expect(response.text).toBe('thinking');
    expect(response.toolCalls).toEqual([{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }]);
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 3, cost: 0.0042 });
    expect(response.finishReason).toBe('tool_call');
    expect(JSON.parse(response.rawRequest).model).toBe('m');
  });

  it('omits cost when the provider does not report one and maps length truncation', async () => {
    server.respondWith(() => ({ body: chatCompletion({ text: 'cut', finishReason: 'length' }) }));
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase, modelName: 'm', providerName: 'sim' });
    const response = await provider.complete({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(response.finishReason).toBe('length');
  });

  it('turns an HTTP error into a ProviderError with status, provider name and the upstream message, without the key', async () => {
    const key = 'sk-secret-abcdefgh';
    server.respondWith(() => ({ status: 429, body: { error: { message: `rate limited for key ${key}` } } }));
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase, apiKey: key, modelName: 'm', providerName: 'openai' });
    const error = await provider.complete({ messages: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const providerError = error as ProviderError;
    expect(providerError.name).toBe('ProviderError');
    expect(providerError.status).toBe(429);
    expect(providerError.retryable).toBe(true);
    expect(providerError.providerName).toBe('openai');
    expect(providerError.message).toContain('rate limited');
    expect(providerError.message).not.toContain(key);
  });

  it('marks client errors as not retryable and malformed bodies as provider errors', async () => {
    server.respondWith((_, index) => (index === 0 ? { status: 400, body: { error: { message: 'bad' } } } : { body: { nope: true } }));
    const provider = createOpenAiCompatibleProvider({ apiBase: server.apiBase, modelName: 'm', providerName: 'p' });
    const first = (await provider.complete({ messages: [] }).catch((e: unknown) => e)) as ProviderError;
    expect(first.retryable).toBe(false);
    expect(first.status).toBe(400);
    const second = (await provider.complete({ messages: [] }).catch((e: unknown) => e)) as ProviderError;
    expect(second).toBeInstanceOf(ProviderError);
    expect(second.message).toContain('no choices');
  });

  it('reports a connection failure as a retryable error without a status', async () => {
    const apiBase = server.apiBase;
    await server.close();
    const provider = createOpenAiCompatibleProvider({ apiBase, modelName: 'm', providerName: 'p' });
    const error = (await provider.complete({ messages: [] }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    server = await startFakeOpenAiServer();
  });
});
