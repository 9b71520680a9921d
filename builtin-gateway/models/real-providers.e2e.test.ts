/**
 * End to end: a gateway whose config names real providers (openai::, anthropic::,
 * google_ai_studio_gemini::, fireworks:: short-hands and a [models] vllm entry with api_base)
 * runs chat, json and tool inferences against local servers speaking each provider's wire
 * format; Retry-After, 5xx and 4xx handling is checked on what the servers saw.
 */
import { anthropicError, anthropicMessage, startFakeAnthropicServer, type FakeAnthropicServer } from '../../test/fakes/providers/fake-anthropic-server';
import type { FakeHandler, RecordedRequest } from '../../test/fakes/providers/fake-http-server';
import { geminiResponse, startFakeGeminiServer, type FakeGeminiServer } from '../../test/fakes/providers/fake-gemini-server';
import { chatCompletion, startFakeOpenAiServer, type FakeOpenAiServer } from '../../test/fakes/providers/fake-openai-server';
import { simulatedAnthropicHandler, simulatedGeminiHandler } from '../../test/fakes/providers/simulated-replies';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';

const ANSWER = '{"answer":"yes"}';
const KEYS = { OPENAI_API_KEY: 'sk-openai-e2e-1111', ANTHROPIC_API_KEY: 'sk-ant-e2e-2222', GOOGLE_AI_STUDIO_API_KEY: 'AIza-e2e-3333', FIREWORKS_API_KEY: 'fw-e2e-4444' };

const openAiHandler: FakeHandler = ({ body }) => {
  const forced = (body.tool_choice as { function?: { name?: string } } | undefined)?.function?.name;
  if (body.tools) return { body: chatCompletion({ text: null, toolCalls: [{ id: 'call_1', name: forced ?? 'lookup', arguments: forced === 'respond' ? ANSWER : '{"q":"x"}' }] }) };
  return { body: chatCompletion({ text: body.response_format ? ANSWER : `hello from ${String(body.model)}` }) };
};

const anthropicHandler: FakeHandler = ({ body }) => {
  const messages = body.messages as { role: string }[];
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  if (body.tools) return { body: anthropicMessage({ text: null, toolUses: [{ id: 'toolu_1', name: choice?.name ?? 'lookup', input: choice?.name === 'respond' ? JSON.parse(ANSWER) : { q: 'x' } }] }) };
  if (messages[messages.length - 1].role === 'assistant') return { body: anthropicMessage({ text: ANSWER.slice(1) }) }; // continues the "{" prefill
  return { body: anthropicMessage({ text: body.output_config ? ANSWER : 'hello from claude' }) };
};

const geminiHandler: FakeHandler = ({ body }) => {
  const allowed = (body.toolConfig as { functionCallingConfig?: { allowedFunctionNames?: string[] } } | undefined)?.functionCallingConfig?.allowedFunctionNames?.[0];
  if (body.tools) return { body: geminiResponse({ text: null, functionCalls: [{ name: allowed ?? 'lookup', args: allowed === 'respond' ? JSON.parse(ANSWER) : { q: 'x' } }] }) };
  const json = (body.generationConfig as { responseMimeType?: string } | undefined)?.responseMimeType === 'application/json';
  return { body: geminiResponse({ text: json ? ANSWER : 'hello from gemini' }) };
};

const MODELS: Record<string, string> = {
  openai: 'openai::gpt-4o-mini',
  anthropic: 'anthropic::claude-haiku-4-5',
  gemini: 'google_ai_studio_gemini::gemini-2.5-flash',
  fireworks: 'fireworks::accounts/fireworks/models/llama-v3p1-8b-instruct',
  vllm: 'local_vllm',
};

function config(vllmBase: string): string {
  const variants = (fn: string, extra = '') =>
    Object.entries(MODELS)
      .map(([name, model]) => `[functions.${fn}.variants.${name}]\ntype = "chat_completion"\nmodel = "${model}"\n${extra}`)
      .join('\n');
  return `
[models.local_vllm]
routing = ["vllm"]
[models.local_vllm.providers.vllm]
type = "vllm"
model_name = "meta-llama/Llama-3.1-8B-Instruct"
api_base = "${vllmBase}"
api_key_location = "none"

[tools.lookup]
description = "Look something up"
parameters = "lookup.json"

[functions.extract]
type = "json"
output_schema = "output.json"
${variants('extract', 'json_mode = "strict"\n')}
[functions.extract.variants.anthropic_on]
type = "chat_completion"
model = "anthropic::claude-haiku-4-5"
json_mode = "on"
[functions.extract.variants.gemini_tool]
type = "chat_completion"
model = "google_ai_studio_gemini::gemini-2.5-flash"
json_mode = "tool"

[functions.agent]
type = "chat"
tools = ["lookup"]
tool_choice = "required"
${variants('agent')}

[functions.retrying]
type = "chat"
[functions.retrying.variants.v]
type = "chat_completion"
model = "anthropic::claude-haiku-4-5"
retries = { num_retries = 2, max_delay_s = 5 }
`;
}

describe('built-in gateway with real provider types against local wire-format servers', () => {
  let gw: TestGateway;
  let openai: FakeOpenAiServer;
  let fireworks: FakeOpenAiServer;
  let vllm: FakeOpenAiServer;
  let anthropic: FakeAnthropicServer;
  let gemini: FakeGeminiServer;
  const servers = () => ({ openai, fireworks, vllm, anthropic, gemini });

  beforeAll(async () => {
    [openai, fireworks, vllm] = await Promise.all([startFakeOpenAiServer(openAiHandler), startFakeOpenAiServer(openAiHandler), startFakeOpenAiServer(openAiHandler)]);
    anthropic = await startFakeAnthropicServer(anthropicHandler, { apiKey: KEYS.ANTHROPIC_API_KEY });
    gemini = await startFakeGeminiServer(geminiHandler, { apiKey: KEYS.GOOGLE_AI_STUDIO_API_KEY });
    gw = await startTestGateway({
      files: {
        'tensorzero.toml': config(vllm.apiBase),
        'lookup.json': { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false },
        'output.json': { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
      },
      env: {
        ...KEYS,
        AUTOPILOT_BENCH_OPENAI_API_BASE: openai.apiBase,
        AUTOPILOT_BENCH_FIREWORKS_API_BASE: fireworks.apiBase,
        AUTOPILOT_BENCH_ANTHROPIC_API_BASE: anthropic.apiBase,
        AUTOPILOT_BENCH_GOOGLE_AI_STUDIO_GEMINI_API_BASE: gemini.apiBase,
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all(Object.values(servers()).map((s) => s?.close()));
  });

  const lastRequest = (name: keyof ReturnType<typeof servers>): RecordedRequest => {
    const { requests } = servers()[name];
    return requests[requests.length - 1];
  };

  it.each(Object.keys(MODELS))('%s: chat through model_name', async (name) => {
    const { status, body } = await gw.post('/inference', { model_name: MODELS[name], input: { system: 'be brief', messages: [{ role: 'user', content: 'hi' }] } });
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: expect.stringContaining('hello from') }]);
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    const sent = lastRequest(name as keyof ReturnType<typeof servers>);
    expect(JSON.stringify(sent.body)).toContain('be brief');
  });

  it('sends each provider its own credential header, and vllm none', () => {
    expect(lastRequest('openai').headers.authorization).toBe(`Bearer ${KEYS.OPENAI_API_KEY}`);
    expect(lastRequest('fireworks').headers.authorization).toBe(`Bearer ${KEYS.FIREWORKS_API_KEY}`);
    expect(lastRequest('vllm').headers.authorization).toBeUndefined();
    expect(lastRequest('anthropic').headers['x-api-key']).toBe(KEYS.ANTHROPIC_API_KEY);
    expect(lastRequest('gemini').headers['x-goog-api-key']).toBe(KEYS.GOOGLE_AI_STUDIO_API_KEY);
    expect(lastRequest('fireworks').body.model).toBe('accounts/fireworks/models/llama-v3p1-8b-instruct');
  });

  it.each([...Object.keys(MODELS), 'anthropic_on', 'gemini_tool'])('%s: json function', async (variant) => {
    const { status, body } = await gw.post('/inference', { function_name: 'extract', variant_name: variant, input: { messages: [{ role: 'user', content: 'answer' }] } });
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: ANSWER, parsed: { answer: 'yes' } });
  });

  it('json_mode strict reaches each provider in its native form', () => {
    expect(openai.requests.some((r) => (r.body.response_format as { type?: string } | undefined)?.type === 'json_schema')).toBe(true);
    expect(anthropic.requests.some((r) => r.body.output_config !== undefined)).toBe(true);
    expect(gemini.requests.some((r) => (r.body.generationConfig as { responseSchema?: unknown }).responseSchema !== undefined)).toBe(true);
  });

  it.each(Object.keys(MODELS))('%s: tool call', async (variant) => {
    const { status, body } = await gw.post('/inference', { function_name: 'agent', variant_name: variant, input: { messages: [{ role: 'user', content: 'look it up' }] } });
    expect(status).toBe(200);
    expect(body.content).toEqual([expect.objectContaining({ type: 'tool_call', name: 'lookup', arguments: { q: 'x' }, raw_arguments: '{"q":"x"}' })]);
  });

  it('stores no API key in the raw requests or responses', async () => {
    const { body } = await gw.post('/inference', { model_name: MODELS.anthropic, input: { messages: [{ role: 'user', content: 'hi' }] } });
    const stored = JSON.stringify(await gw.server.context.store.getInference(body.inference_id));
    for (const key of Object.values(KEYS)) expect(stored).not.toContain(key);
  });

  describe('retries (variant retries = { num_retries = 2, max_delay_s = 5 })', () => {
    afterEach(() => anthropic.respondWith(anthropicHandler));
    const call = () => gw.post('/inference', { function_name: 'retrying', input: { messages: [{ role: 'user', content: 'hi' }] } });

    it('retries a 429 after its Retry-After and then a 529, and succeeds on the third request', async () => {
      const before = anthropic.requests.length;
      anthropic.respondWith((request, index) => {
        const n = index - before;
        if (n === 0) return anthropicError(429, 'rate_limit_error', 'rate limited', { 'retry-after': '1' });
        if (n === 1) return anthropicError(529, 'overloaded_error', 'Overloaded');
        return anthropicHandler(request, index);
      });
      const { status, body } = await call();
      expect(status).toBe(200);
      expect(body.content[0].text).toBe('hello from claude');
      expect(anthropic.requests.length - before).toBe(3);
    });

    it('gives up at once when Retry-After exceeds max_delay_s, saying so', async () => {
      const before = anthropic.requests.length;
      anthropic.respondWith(() => anthropicError(429, 'rate_limit_error', 'rate limited', { 'retry-after': '60' }));
      const { status, body } = await call();
      expect(status).toBe(502);
      expect(body.error).toContain('longer than the maximum retry delay of 5 s');
      expect(anthropic.requests.length - before).toBe(1);
    });

    it('does not retry a 400', async () => {
      const before = anthropic.requests.length;
      anthropic.respondWith(() => anthropicError(400, 'invalid_request_error', 'messages: roles must alternate'));
      const { status, body } = await call();
      expect(status).toBe(502);
      expect(body.error).toContain('roles must alternate');
      expect(anthropic.requests.length - before).toBe(1);
    });

    it('gives up after num_retries on repeated 5xx', async () => {
      const before = anthropic.requests.length;
      anthropic.respondWith(() => anthropicError(500, 'api_error', 'Internal server error'));
      expect((await call()).status).toBe(502);
      expect(anthropic.requests.length - before).toBe(3);
    });
  });

  it('answers with simulated content through the Anthropic and Gemini wire formats', async () => {
    anthropic.respondWith(simulatedAnthropicHandler({ seed: 1, tier: 'large' }));
    gemini.respondWith(simulatedGeminiHandler({ seed: 1, tier: 'large' }));
    try {
      for (const variant of ['anthropic', 'gemini']) {
        const { status, body } = await gw.post('/inference', { function_name: 'extract', variant_name: variant, input: { messages: [{ role: 'user', content: 'Reply in JSON with the key answer.' }] } });
        expect(status).toBe(200);
        expect(typeof body.output.raw).toBe('string');
      }
    } finally {
      anthropic.respondWith(anthropicHandler);
      gemini.respondWith(geminiHandler);
    }
  });
});
