import { createGeminiProvider } from './gemini-provider';
import { geminiError, geminiResponse, startFakeGeminiServer, type FakeGeminiServer } from '../test/fakes/providers/fake-gemini-server';
import { ProviderError } from './types';

const KEY = 'AIza-secret-abcdef';
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

describe('createGeminiProvider (Google AI Studio generateContent through the AI SDK)', () => {
  let server: FakeGeminiServer;
  beforeEach(async () => {
    server = await startFakeGeminiServer(undefined, { apiKey: KEY });
  });
  afterEach(() => server.close());
  const provider = (apiKey: string | undefined = KEY) => createGeminiProvider({ apiBase: server.apiBase, apiKey, modelName: 'gemini-2.5-flash', providerName: 'gemini' });

  it('sends systemInstruction, contents with functionCall/functionResponse parts, function declarations and a forced tool', async () => {
    await provider().complete({
      system: 'be brief',
      messages: [
        user('hi'),
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":1}' }] },
        { role: 'tool', toolCallId: 'c1', name: 'lookup', content: 'found' },
      ],
      tools: [{ name: 'lookup', description: 'look up', parameters: { type: 'object', properties: { q: { type: 'number' } } } }],
      toolChoice: { specific: 'lookup' },
      temperature: 0.2,
      maxTokens: 50,
      seed: 3,
    });
    const [sent] = server.requests;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe(KEY);
    expect(sent.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'be brief' }] },
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ functionCall: { name: 'lookup', args: { q: 1 } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'lookup' } }] },
      ],
      generationConfig: { temperature: 0.2, maxOutputTokens: 50, seed: 3 },
      tools: [{ functionDeclarations: [{ name: 'lookup', description: 'look up' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['lookup'] } },
    });
  });

  it('reads text, function calls, usageMetadata and finish reasons', async () => {
    server.respondWith(() => ({
      body: geminiResponse({ text: 'calling', functionCalls: [{ name: 'lookup', args: { q: 'x' } }], usage: { promptTokenCount: 30, candidatesTokenCount: 8 } }),
    }));
    const response = await provider().complete({ messages: [user('x')] });
    expect(response.text).toBe('calling');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]).toMatchObject({ name: 'lookup', arguments: '{"q":"x"}' });
    expect(response.toolCalls[0].id).toEqual(expect.any(String));
    expect(response.usage).toEqual({ inputTokens: 30, outputTokens: 8 });
    expect(response.finishReason).toBe('tool_call');
    server.respondWith(() => ({ body: geminiResponse({ text: 'cut', finishReason: 'MAX_TOKENS' }) }));
    expect((await provider().complete({ messages: [user('x')] })).finishReason).toBe('length');
  });

  it('json_mode strict sends responseMimeType + responseSchema; json_mode on only the MIME type', async () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    await provider().complete({ messages: [user('x')], responseFormat: { type: 'json_schema', name: 'response', schema, strict: true } });
    expect(server.requests[0].body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseSchema: { type: 'object', required: ['a'] } });
    await provider().complete({ messages: [user('x')], responseFormat: { type: 'json_object' } });
    const config = server.requests[1].body.generationConfig as Record<string, unknown>;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseSchema).toBeUndefined();
  });

  it('maps 429 RESOURCE_EXHAUSTED with retry-after, 503 retryable, a bad key 400 not retryable, without the key', async () => {
    server.respondWith(() => geminiError(429, 'Resource has been exhausted (e.g. check quota).', { 'retry-after': '3' }));
    const limited = (await provider().complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ status: 429, retryable: true, kind: 'rate_limit', retryAfterMs: 3000 });
    expect(limited.message).toContain('Resource has been exhausted');

    server.respondWith(() => geminiError(503, 'The model is overloaded. Please try again later.'));
    expect(await provider().complete({ messages: [user('x')] }).catch((e: unknown) => e)).toMatchObject({ status: 503, retryable: true, kind: 'server' });

    const badKey = (await provider('nope-key').complete({ messages: [user('x')] }).catch((e: unknown) => e)) as ProviderError;
    expect(badKey).toMatchObject({ status: 400, retryable: false, kind: 'bad_request' });
    expect(badKey.message).toContain('API key not valid');
    server.respondWith(() => ({ body: geminiResponse({}) }));
    const ok = await provider().complete({ messages: [user('x')] });
    expect(ok.rawRequest).not.toContain(KEY);
  });
});
