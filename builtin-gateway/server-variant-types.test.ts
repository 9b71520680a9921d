/**
 * Every TensorZero variant type on the built-in gateway, over HTTP: best-of-n, mixture-of-n and
 * chain of thought against an OpenAI-compatible fake that answers per model (so the evaluator's
 * and fuser's requests can be read back), dynamic in-context learning with embeddings from the
 * real simulated provider, and variants the gateway cannot serve refused with their reason.
 */
import { createSimProviderServer } from '../sim-provider';
import type { SimProviderServer } from '../sim-provider/types';
import { chatCompletion, openAiError, type FakeHandler, type RecordedRequest } from '../test/fakes/providers/fake-openai-server';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';
import { loadGatewayConfig } from './config';
import { listUnservableVariants } from './config/unservable-variants';
import { createMemoryStore } from './store/memory-store';
import type { GatewayStore } from './store/types';

const ANSWER_SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };

function configFiles(simUrl: string): Record<string, string | object> {
  return {
    'tensorzero.toml': `
[gateway]
observability.enabled = true

[embedding_models.words]
routing = ["sim"]
[embedding_models.words.providers.sim]
type = "openai"
model_name = "words"
api_base = "${simUrl}"
api_key_location = "none"

[embedding_models.elsewhere]
routing = ["azure"]
[embedding_models.elsewhere.providers.azure]
type = "azure"
deployment_id = "emb"

[functions.answer]
type = "json"
output_schema = "answer_schema.json"

[functions.answer.experimentation]
type = "static"
candidate_variants = ["a"]

[functions.answer.variants.a]
type = "chat_completion"
model = "sim::small"
json_mode = "strict"
system_template = "plain_system.minijinja"

[functions.answer.variants.b]
type = "chat_completion"
model = "sim::medium"
json_mode = "strict"

[functions.answer.variants.best]
type = "experimental_best_of_n_sampling"
candidates = ["a", "b"]
[functions.answer.variants.best.evaluator]
model = "sim::large"
system_template = "judge_system.minijinja"

[functions.answer.variants.mix]
type = "experimental_mixture_of_n"
candidates = ["a", "b"]
[functions.answer.variants.mix.fuser]
model = "sim::large"
json_mode = "strict"

[functions.answer.variants.cot]
type = "experimental_chain_of_thought"
model = "sim::small"
json_mode = "strict"

[functions.answer.variants.dicl]
type = "experimental_dynamic_in_context_learning"
embedding_model = "words"
k = 1
model = "sim::small"
json_mode = "strict"
max_distance = 0.2

[functions.answer.variants.dicl_elsewhere]
type = "experimental_dynamic_in_context_learning"
embedding_model = "elsewhere"
k = 3
model = "sim::small"
json_mode = "strict"

[functions.answer.variants.wrapped]
type = "chat_completion"
model = "sim::small"
json_mode = "strict"
input_wrappers.user = "wrap.minijinja"

[functions.answer.variants.best_of_wrapped]
type = "experimental_best_of_n_sampling"
candidates = ["a", "wrapped"]
[functions.answer.variants.best_of_wrapped.evaluator]
model = "sim::large"

[functions.talk]
type = "chat"

[functions.talk.variants.a]
type = "chat_completion"
model = "sim::small"

[functions.talk.variants.best]
type = "experimental_best_of_n_sampling"
candidates = ["a", "a"]
[functions.talk.variants.best.evaluator]
model = "sim::large"
`,
    'answer_schema.json': ANSWER_SCHEMA,
    'plain_system.minijinja': 'Answer briefly.',
    'judge_system.minijinja': 'Judge carefully.',
    'wrap.minijinja': 'Wrapped: {{ user_text }}',
  };
}

const responseSchemaOf = (request: RecordedRequest): Record<string, unknown> | undefined =>
  (request.body.response_format as { json_schema?: { schema?: Record<string, unknown> } } | undefined)?.json_schema?.schema;
const isEvaluatorCall = (request: RecordedRequest) => JSON.stringify(responseSchemaOf(request) ?? {}).includes('answer_choice');
const isChainOfThoughtCall = (request: RecordedRequest) => JSON.stringify(responseSchemaOf(request) ?? {}).includes('"thinking"') && !isEvaluatorCall(request);
const messagesOf = (request: RecordedRequest) => request.body.messages as { role: string; content: string }[];

/** Answers by model: small and medium give different answers, large judges (index 1) or fuses. */
const byModel: FakeHandler = (request) => {
  const model = request.body.model as string;
  const json = request.body.response_format !== undefined;
  if (isEvaluatorCall(request)) return { body: chatCompletion({ text: '{"thinking":"the second is right","answer_choice":1}' }) };
  if (isChainOfThoughtCall(request)) return { body: chatCompletion({ text: '{"thinking":"first this, then that","response":{"answer":"reasoned"}}' }) };
  if (model === 'large') return { body: chatCompletion({ text: '{"answer":"fused"}' }) };
  return { body: chatCompletion({ text: json ? `{"answer":"from-${model}"}` : `${model} says hello` }) };
};

const ask = (variant: string, text = 'What is the capital of France?', fn = 'answer') => ({
  function_name: fn,
  variant_name: variant,
  input: { messages: [{ role: 'user', content: text }] },
});

describe('built-in gateway: every TensorZero variant type', () => {
  let sim: SimProviderServer;
  let gw: TestGateway;
  let store: GatewayStore;
  beforeAll(async () => {
    sim = await createSimProviderServer({ seed: 7 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    store = createMemoryStore();
    gw = await startTestGateway({ files: configFiles(sim.url), fakeHandler: byModel, store });
  });
  afterEach(async () => {
    await gw.close();
    await store.close();
  });

  it('best-of-n: runs every candidate, the evaluator sees the numbered answers, its choice is returned unchanged with summed usage', async () => {
    const { status, body } = await gw.post('/inference', ask('best'));
    expect(status).toBe(200);
    expect(body.variant_name).toBe('best');
    expect(body.output).toEqual({ raw: '{"answer":"from-medium"}', parsed: { answer: 'from-medium' } });
    expect(body.usage).toEqual({ input_tokens: 30, output_tokens: 15, cost: null });

    const evaluator = gw.fake.requests.find(isEvaluatorCall) as RecordedRequest;
    expect(evaluator.body.model).toBe('large');
    const [system, ...rest] = messagesOf(evaluator);
    expect(system.role).toBe('system');
    expect(system.content).toContain('Judge carefully.'); // the evaluator's own system template is the task
    expect(system.content).toContain('from 0 to 1');
    expect(rest[0]).toEqual({ role: 'user', content: 'What is the capital of France?' });
    expect(rest[1].content).toContain('0: {"answer":"from-small"}\n------\n1: {"answer":"from-medium"}');
    expect(gw.fake.requests.filter((r) => !isEvaluatorCall(r)).map((r) => r.body.model).sort()).toEqual(['medium', 'small']);

    // the stored inference lists all three provider calls
    const stored = await store.listModelInferences(body.inference_id);
    expect(stored.map((m) => m.modelName).sort()).toEqual(['sim::large', 'sim::medium', 'sim::small']);
  });

  it('best-of-n: an evaluator that fails yields one of the candidates’ answers', async () => {
    gw.fake.respondWith((request, index) => (isEvaluatorCall(request) ? openAiError(400, 'evaluator broke') : byModel(request, index)));
    const { status, body } = await gw.post('/inference', ask('best'));
    expect(status).toBe(200);
    expect(['from-small', 'from-medium']).toContain(body.output.parsed.answer);
    expect(body.usage.input_tokens).toBe(20);
  });

  it('best-of-n on a chat function shows candidates as content blocks and returns the chosen content', async () => {
    const { status, body } = await gw.post('/inference', ask('best', 'hi', 'talk'));
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: 'small says hello' }]);
    const evaluator = gw.fake.requests.find(isEvaluatorCall) as RecordedRequest;
    expect(messagesOf(evaluator).at(-1)?.content).toContain('0: [{"type":"text","text":"small says hello"}]');
    expect((evaluator.body.response_format as { type: string }).type).toBe('json_schema');
  });

  it('mixture-of-n: the fuser answers in the function’s schema from the candidates; a failing fuser yields a candidate', async () => {
    const { status, body } = await gw.post('/inference', ask('mix'));
    expect(status).toBe(200);
    expect(body.output.parsed).toEqual({ answer: 'fused' });
    const fuser = gw.fake.requests.find((r) => r.body.model === 'large') as RecordedRequest;
    expect(responseSchemaOf(fuser)).toEqual(ANSWER_SCHEMA);
    expect(messagesOf(fuser)[0].content).toContain('Several models have answered the latest message.');
    expect(messagesOf(fuser).at(-1)?.content).toContain('0:\n{"answer":"from-small"}\n------\n1:\n{"answer":"from-medium"}');

    gw.fake.respondWith((request, index) => (request.body.model === 'large' ? openAiError(500, 'fuser down', 'server_error') : byModel(request, index)));
    const fallback = await gw.post('/inference', ask('mix'));
    expect(fallback.status).toBe(200);
    expect(['from-small', 'from-medium']).toContain(fallback.body.output.parsed.answer);
  });

  it('chain of thought: asks for {thinking, response} and returns the response as the output', async () => {
    const { status, body } = await gw.post('/inference', ask('cot'));
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: '{"answer":"reasoned"}', parsed: { answer: 'reasoned' } });
    const sent = responseSchemaOf(gw.fake.requests[0]) as { properties: Record<string, unknown>; required: string[] };
    expect(sent.required).toEqual(['thinking', 'response']);
    expect(sent.properties.response).toEqual(ANSWER_SCHEMA);
  });

  it('dynamic in-context learning: the nearest demonstrated example (simulated embeddings) comes before the input', async () => {
    const paris = await gw.post('/inference', ask('a', 'What is the capital of France?'));
    const tokyo = await gw.post('/inference', ask('a', 'Which river runs through Tokyo?'));
    const undemonstrated = await gw.post('/inference', ask('a', 'What is the capital of Spain?'));
    expect([paris.status, tokyo.status, undemonstrated.status]).toEqual([200, 200, 200]);
    for (const [inference, answer] of [[paris, 'Paris'], [tokyo, 'Sumida']] as const) {
      const fb = await gw.post('/feedback', { metric_name: 'demonstration', inference_id: inference.body.inference_id, value: { answer } });
      expect(fb.status).toBe(200);
    }
    gw.fake.requests.length = 0;

    const { status, body } = await gw.post('/inference', ask('dicl', 'What is the capital of Italy?'));
    expect(status).toBe(200);
    expect(body.variant_name).toBe('dicl');
    const sent = messagesOf(gw.fake.requests[0]);
    expect(sent[0].role).toBe('system');
    expect(sent[0].content).toContain('learning by induction');
    // k = 1: the France example (shares "what is the capital of") wins over Tokyo; Spain has no demonstration
    expect(sent.slice(1)).toEqual([
      { role: 'user', content: JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] }] }) },
      { role: 'assistant', content: '{"answer":"Paris"}' },
      { role: 'user', content: 'What is the capital of Italy?' },
    ]);

    // max_distance = 0.2: an input sharing only the JSON wrapper's words with the examples gets none
    gw.fake.requests.length = 0;
    const unrelated = await gw.post('/inference', ask('dicl', 'zebra quokka'));
    expect(unrelated.status).toBe(200);
    expect(messagesOf(gw.fake.requests[0]).slice(1)).toEqual([{ role: 'user', content: 'zebra quokka' }]);
  });

  it('refuses, per variant and with the reason, what it cannot serve; the rest of the config still loads and serves', async () => {
    const config = await loadGatewayConfig(gw.dir.file('tensorzero.toml'));
    expect(listUnservableVariants(config.functions)).toEqual([
      { functionName: 'answer', variantName: 'dicl_elsewhere', reason: expect.stringContaining("provider type(s) 'azure'") },
      { functionName: 'answer', variantName: 'wrapped', reason: expect.stringContaining('input_wrappers') },
      { functionName: 'answer', variantName: 'best_of_wrapped', reason: expect.stringContaining("candidate 'wrapped' cannot be served") },
    ]);
    for (const [variant, reason] of [['wrapped', 'input_wrappers'], ['best_of_wrapped', "candidate 'wrapped'"], ['dicl_elsewhere', 'azure']]) {
      const { status, body } = await gw.post('/inference', ask(variant));
      expect({ variant, status, error: body.error }).toEqual({ variant, status: 502, error: expect.stringContaining(reason) });
    }
    const sampled = await gw.post('/inference', { function_name: 'answer', input: { messages: [{ role: 'user', content: 'hi' }] } });
    expect(sampled.status).toBe(200);
  });
});
