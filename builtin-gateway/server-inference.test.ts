import { isUuid7 } from '../common/uuid7';
import { chatCompletion, type FakeHandler } from '../test/fakes/providers/fake-openai-server';
import { fixtureConfigFiles } from '../test/fixtures/gateway-config';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

/** `sim::broken` always fails, `sim::flaky` fails on its first call, the rest answer "ok". */
function fixtureHandler(): FakeHandler {
  let flakyCalls = 0;
  return (request) => {
    if (request.body.model === 'broken') return { status: 500, body: { error: { message: 'boom' } } };
    if (request.body.model === 'flaky' && flakyCalls++ === 0) return { status: 503, body: { error: { message: 'try again' } } };
    if (request.body.model === 'good') return { body: chatCompletion({ text: 'good answer' }) };
    return { body: chatCompletion({ text: 'ok' }) };
  };
}

describe('built-in gateway: POST /inference', () => {
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await startTestGateway({ files: fixtureConfigFiles(), fakeHandler: fixtureHandler() });
  });
  afterEach(async () => {
    await gw.close();
  });

  it('renders schema’d system arguments and the legacy user_text wrapper, sends variant params, and answers in TensorZero’s shape', async () => {
    const { status, body } = await gw.post('/inference', {
      function_name: 'assistant',
      input: { system: { tone: 'terse' }, messages: [{ role: 'user', content: 'What is 2+2?' }] },
      tags: { run: 'r1' },
    });
    expect(status).toBe(200);
    expect(isUuid7(body.inference_id)).toBe(true);
    expect(isUuid7(body.episode_id)).toBe(true);
    expect(body).toEqual({
      inference_id: body.inference_id,
      episode_id: body.episode_id,
      variant_name: 'a',
      content: [{ type: 'text', text: 'ok' }],
      usage: { input_tokens: 10, output_tokens: 5, cost: null },
      finish_reason: 'stop',
    });
    const sent = gw.fake.requests[0].body;
    expect(sent.model).toBe('small');
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be terse. <Answer> & "quote"' },
      { role: 'user', content: 'Question: What is 2+2?' },
    ]);
    expect(sent).toMatchObject({ temperature: 0.3, max_tokens: 100, seed: 5 });
    expect(sent.tools).toBeUndefined();
  });

  it('stores the inference (not for dry runs) with tags, usage and output', async () => {
    const stored = await gw.post('/inference', {
      function_name: 'assistant',
      input: { system: { tone: 'calm' }, messages: [{ role: 'user', content: 'hi' }] },
      tags: { run: 'r1' },
    });
    await gw.post('/inference', { function_name: 'assistant', input: { system: { tone: 'calm' }, messages: [] }, dryrun: true });
    const { body } = await gw.get('/internal/inferences?function_name=assistant');
    expect(body.inferences).toHaveLength(1);
    const [row] = body.inferences;
    expect(row).toMatchObject({
      inference_id: stored.body.inference_id,
      episode_id: stored.body.episode_id,
      function_name: 'assistant',
      variant_name: 'a',
      input: { system: { tone: 'calm' }, messages: [{ role: 'user', content: 'hi' }] },
      output: [{ type: 'text', text: 'ok' }],
      usage: { input_tokens: 10, output_tokens: 5, cost: null },
    });
    const model = await gw.server.context.store.listModelInferences(stored.body.inference_id);
    expect(model[0]).toMatchObject({ modelName: 'sim::small', modelProviderName: 'sim' });
    expect((await gw.server.context.store.getInference(stored.body.inference_id))?.tags).toEqual({ run: 'r1' });
  });

  it('passes the provider’s cost through as usage.cost', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: 'x', usage: { prompt_tokens: 7, completion_tokens: 2, cost: 0.0125 } }) }));
    const { body } = await gw.post('/inference', { function_name: 'assistant', input: { system: { tone: 'a' } } });
    expect(body.usage).toEqual({ input_tokens: 7, output_tokens: 2, cost: 0.0125 });
  });

  it('stores usage, cost and latency per inference and per provider call', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: 'x', usage: { prompt_tokens: 7, completion_tokens: 2, cost: 0.0125 } }) }));
    const { body } = await gw.post('/inference', { function_name: 'assistant', input: { system: { tone: 'a' } } });
    const stored = await gw.server.context.store.getInference(body.inference_id);
    expect(stored?.usage).toEqual({ inputTokens: 7, outputTokens: 2, cost: 0.0125 });
    expect(stored?.finishReason).toBe('stop');
    expect(stored?.processingTimeMs).toEqual(expect.any(Number));
    expect(stored!.processingTimeMs).toBeGreaterThanOrEqual(0);
    const [call] = await gw.server.context.store.listModelInferences(body.inference_id);
    expect(call).toMatchObject({ modelName: 'sim::small', inputTokens: 7, outputTokens: 2, cost: 0.0125, finishReason: 'stop', responseTimeMs: expect.any(Number) });
    expect(stored!.processingTimeMs).toBeGreaterThanOrEqual(call.responseTimeMs);
  });

  it('lets params.chat_completion override the variant’s params and keeps the ones it leaves unset', async () => {
    await gw.post('/inference', {
      function_name: 'assistant',
      input: { system: { tone: 'a' } },
      params: { chat_completion: { temperature: 0.9, stop_sequences: ['###'] } },
    });
    expect(gw.fake.requests[0].body).toMatchObject({ temperature: 0.9, max_tokens: 100, seed: 5, stop: ['###'] });
  });

  it('json_mode "tool" forces the output tool and reads output.raw from its arguments', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: null, toolCalls: [{ id: 't1', name: 'respond', arguments: '{"person":["Ada"]}' }] }) }));
    const { body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'x' } }] }] },
      params: { chat_completion: { json_mode: 'tool' } },
    });
    expect(body.output).toEqual({ raw: '{"person":["Ada"]}', parsed: { person: ['Ada'] } });
    const sent = gw.fake.requests[0].body;
    expect((sent.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['respond']);
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'respond' } });
    expect(sent.response_format).toBeUndefined();
  });

  it('returns output.raw = null and parsed = null when the model returns no text for a json function', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: null }) }));
    const { status, body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'x' } }] }] },
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: null, parsed: null });
  });

  it('restricts tools with allowed_tools, adds additional_tools, and overrides tool_choice and parallel_tool_calls', async () => {
    gw.fake.respondWith(() => ({
      body: chatCompletion({ text: null, toolCalls: [{ id: 'c1', name: 'calc', arguments: '{"x":2}' }, { id: 'c2', name: 'lookup', arguments: '{"word":"a"}' }] }),
    }));
    const { status, body } = await gw.post('/inference', {
      function_name: 'agent',
      input: { messages: [{ role: 'user', content: 'hi' }] },
      allowed_tools: [],
      additional_tools: [{ name: 'calc', description: 'Compute', parameters: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    expect(status).toBe(200);
    const sent = gw.fake.requests[0].body;
    expect((sent.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['calc']);
    expect(sent).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
    // lookup was not offered in this request, so its call does not validate
    expect(body.content).toEqual([
      { type: 'tool_call', id: 'c1', raw_name: 'calc', raw_arguments: '{"x":2}', name: 'calc', arguments: { x: 2 } },
      { type: 'tool_call', id: 'c2', raw_name: 'lookup', raw_arguments: '{"word":"a"}', name: null, arguments: null },
    ]);
  });

  it.each([
    ['allowed_tools naming an unknown tool', { allowed_tools: ['nope'] }, "allowed_tools names 'nope'"],
    ['tool_choice naming a tool that is not offered', { allowed_tools: [], tool_choice: { specific: 'lookup' } }, "tool_choice names 'lookup'"],
  ])('rejects %s', async (_label, extra, message) => {
    const result = await gw.post('/inference', { function_name: 'agent', input: { messages: [{ role: 'user', content: 'hi' }] }, ...extra });
    expect(result.status).toBe(400);
    expect(result.body.error).toContain(message);
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('renders named new-style templates and rejects template arguments that fail the function schema', async () => {
    const ok = await gw.post('/inference', {
      function_name: 'agent',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'greeting', arguments: { name: 'Ada' } }, { type: 'text', text: 'plain' }] }] },
    });
    expect(ok.status).toBe(200);
    expect(gw.fake.requests[0].body.messages).toEqual([
      { role: 'system', content: 'You are an agent.' },
      { role: 'user', content: [{ type: 'text', text: 'Hello Ada!' }, { type: 'text', text: 'plain' }] },
    ]);
    const bad = await gw.post('/inference', {
      function_name: 'agent',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'greeting', arguments: { nom: 'Ada' } }] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("'greeting' schema");
  });

  it('fails with 400 naming the template and the expression when a template uses an undefined variable', async () => {
    const { status, body } = await gw.post('/inference', {
      function_name: 'agent',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'loose', arguments: {} }] }] },
    });
    expect(status).toBe(400);
    expect(body.error).toContain("template 'loose'");
    expect(body.error).toContain('{{ undefined_thing }}');
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('rejects a missing system argument, a string system for a schema’d function and a template name the variant lacks', async () => {
    expect((await gw.post('/inference', { function_name: 'assistant', input: { system: {} } })).status).toBe(400);
    expect((await gw.post('/inference', { function_name: 'assistant', input: { system: 'plain' } })).body.error).toContain('system schema');
    const missing = await gw.post('/inference', {
      function_name: 'agent',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'nope', arguments: {} }] }] },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain("no template named 'nope'");
  });

  it('sends json functions a strict json_schema response format and parses valid output', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: '{"person": ["Ada"]}' }) }));
    const { status, body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: [{ type: 'text', arguments: { text: 'Ada met Bob' } }] }] },
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: '{"person": ["Ada"]}', parsed: { person: ['Ada'] } });
    expect(body.content).toBeUndefined();
    const sent = gw.fake.requests[0].body;
    expect(sent.messages).toEqual([{ role: 'user', content: 'Extract people from: Ada met Bob' }]);
    expect(sent.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', strict: true, schema: expect.objectContaining({ required: ['person'] }) },
    });
  });

  it.each([
    ['invalid JSON', 'not json at all'],
    ['JSON that fails the output schema', '{"person": "Ada"}'],
  ])('returns parsed = null (and still 200) for %s', async (_label, text) => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text }) }));
    const { status, body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'x' } }] }] },
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: text, parsed: null });
  });

  it('uses json_object for json_mode "on" from params.chat_completion and validates against a per-request output_schema', async () => {
    gw.fake.respondWith(() => ({ body: chatCompletion({ text: '{"n": 3}' }) }));
    const { body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'x' } }] }] },
      params: { chat_completion: { json_mode: 'on', temperature: 0.9 } },
      output_schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
    });
    expect(body.output.parsed).toEqual({ n: 3 });
    expect(gw.fake.requests[0].body).toMatchObject({ response_format: { type: 'json_object' }, temperature: 0.9 });
  });

  it('offers the function’s tools and parses tool calls, with name/arguments null when they do not validate', async () => {
    gw.fake.respondWith(() => ({
      body: chatCompletion({
        text: null,
        toolCalls: [
          { id: 'c1', name: 'lookup', arguments: '{"word":"cat"}' },
          { id: 'c2', name: 'lookup', arguments: '{"word": 3}' },
          { id: 'c3', name: 'unknown_tool', arguments: '{}' },
          { id: 'c4', name: 'lookup', arguments: '{oops' },
        ],
      }),
    }));
    const { body } = await gw.post('/inference', { function_name: 'agent', input: { messages: [{ role: 'user', content: 'define cat' }] } });
    expect(body.finish_reason).toBe('tool_call');
    expect(body.content).toEqual([
      { type: 'tool_call', id: 'c1', raw_name: 'lookup', raw_arguments: '{"word":"cat"}', name: 'lookup', arguments: { word: 'cat' } },
      { type: 'tool_call', id: 'c2', raw_name: 'lookup', raw_arguments: '{"word": 3}', name: 'lookup', arguments: null },
      { type: 'tool_call', id: 'c3', raw_name: 'unknown_tool', raw_arguments: '{}', name: null, arguments: null },
      { type: 'tool_call', id: 'c4', raw_name: 'lookup', raw_arguments: '{oops', name: 'lookup', arguments: null },
    ]);
    const sent = gw.fake.requests[0].body;
    expect(sent.tools).toEqual([
      { type: 'function', function: { name: 'lookup', description: 'Look up a word', parameters: expect.objectContaining({ required: ['word'] }) } },
    ]);
    expect(sent.tool_choice).toBe('auto');
  });

  it('sends earlier tool calls and tool results in the chat-completions format', async () => {
    await gw.post('/inference', {
      function_name: 'agent',
      tool_choice: { specific: 'lookup' },
      input: {
        messages: [
          { role: 'user', content: 'define cat' },
          { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'lookup', arguments: { word: 'cat' } }] },
          { role: 'user', content: [{ type: 'tool_result', id: 'c1', name: 'lookup', result: 'a small feline' }, { type: 'text', text: 'thanks' }] },
          { role: 'assistant', content: [{ type: 'tool_call', id: 'c2', raw_name: 'lookup', raw_arguments: '{"word":"dog"}', name: 'lookup', arguments: { word: 'dog' } }] },
        ],
      },
    });
    const sent = gw.fake.requests[0].body;
    expect((sent.messages as unknown[]).slice(1)).toEqual([
      { role: 'user', content: 'define cat' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"word":"cat"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'a small feline' },
      { role: 'user', content: 'thanks' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c2', type: 'function', function: { name: 'lookup', arguments: '{"word":"dog"}' } }] },
    ]);
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
  });

  it('pins a variant with variant_name (tagged tensorzero::variant_pinned) and 404s an unknown one', async () => {
    const pinned = await gw.post('/inference', { function_name: 'split', variant_name: 'y', input: { messages: [] } });
    expect(pinned.body.variant_name).toBe('y');
    expect((await gw.server.context.store.getInference(pinned.body.inference_id))?.tags).toEqual({ 'tensorzero::variant_pinned': 'y' });
    const unknown = await gw.post('/inference', { function_name: 'split', variant_name: 'zz', input: { messages: [] } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain("unknown variant 'zz'");
  });

  it('keeps an episode on the same variant across requests', async () => {
    const first = await gw.post('/inference', { function_name: 'split', input: { messages: [] } });
    for (let i = 0; i < 5; i++) {
      const again = await gw.post('/inference', { function_name: 'split', episode_id: first.body.episode_id, input: { messages: [] } });
      expect(again.body.variant_name).toBe(first.body.variant_name);
      expect(again.body.episode_id).toBe(first.body.episode_id);
    }
  });

  it('removes a failing variant from the pool and tries the fallbacks in order', async () => {
    const { status, body } = await gw.post('/inference', { function_name: 'fallback_fn', input: { messages: [{ role: 'user', content: 'x' }] } });
    expect(status).toBe(200);
    expect(body.variant_name).toBe('good');
    expect(body.content).toEqual([{ type: 'text', text: 'good answer' }]);
    expect(gw.fake.requests.map((r) => r.body.model)).toEqual(['broken', 'broken', 'good']);
  });

  it('answers 502 with every variant’s error when all variants fail', async () => {
    const { status, body } = await gw.post('/inference', { function_name: 'fallback_fn', variant_name: 'broken', input: { messages: [] } });
    expect(status).toBe(502);
    expect(body.error).toContain("variant 'broken'");
    expect(body.error).toContain('boom');
  });

  it('retries a variant’s model call num_retries times', async () => {
    const { status } = await gw.post('/inference', { function_name: 'flaky_fn', input: { messages: [] } });
    expect(status).toBe(200);
    expect(gw.fake.requests).toHaveLength(2);
  });

  it('calls a model directly with model_name through tensorzero::default', async () => {
    const { status, body } = await gw.post('/inference', { model_name: 'sim::tiny', input: { system: 'sys', messages: [{ role: 'user', content: 'hi' }] } });
    expect(status).toBe(200);
    expect(body.variant_name).toBe('sim::tiny');
    expect(gw.fake.requests[0].body).toMatchObject({ model: 'tiny', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }] });
    expect((await gw.server.context.store.getInference(body.inference_id))?.functionName).toBe('tensorzero::default');
    expect((await gw.post('/inference', { model_name: 'nope', input: {} })).status).toBe(404);
  });

  it('says which providers are not supported yet', async () => {
    const { status, body } = await gw.post('/inference', { model_name: 'mistral::mistral-small-latest', input: {} });
    expect(status).toBe(502);
    expect(body.error).toContain("provider type 'mistral' is not yet supported by the built-in gateway");
  });

  it.each([
    ['an unknown field', { function_name: 'split', input: {}, temprature: 1 }, 400, 'unknown field temprature'],
    ['both function_name and model_name', { function_name: 'split', model_name: 'sim::x', input: {} }, 400, 'exactly one of'],
    ['an unknown function', { function_name: 'nope', input: {} }, 404, "unknown function 'nope'"],
    ['streaming', { function_name: 'split', input: {}, stream: true }, 400, 'streaming not supported by the built-in gateway'],
    ['a non-v7 episode id', { function_name: 'split', input: {}, episode_id: '8b5f2b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }, 400, 'episode_id must be a UUIDv7'],
    ['a future episode id', { function_name: 'split', input: {}, episode_id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' }, 400, 'in the future'],
    ['a reserved tag', { function_name: 'split', input: {}, tags: { 'tensorzero::x': 'y' } }, 400, 'reserved prefix'],
    ['an unknown param', { function_name: 'split', input: {}, params: { chat_completion: { temp: 1 } } }, 400, 'unknown field params.chat_completion.temp'],
    ['a bad content block', { function_name: 'split', input: { messages: [{ role: 'user', content: [{ type: 'text' }] }] } }, 400, 'exactly one of `text` or `arguments`'],
  ])('rejects %s', async (_label, request, status, message) => {
    const result = await gw.post('/inference', request);
    expect(result.status).toBe(status);
    expect(result.body.error).toContain(message);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${gw.url}/inference`, { method: 'POST', body: '{nope' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('not valid JSON');
  });
});
