import { uuid7 } from '../common/uuid7';
import type { InferenceRecord } from './store/types';
import { fixtureConfigFiles } from '../test/fixtures/gateway-config';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

describe('built-in gateway: status and internal read endpoints', () => {
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await startTestGateway({ files: fixtureConfigFiles() });
  });
  afterEach(async () => {
    await gw.close();
  });

  it('answers /status with the version and config hash, and /health with all five services ok', async () => {
    const status = await gw.get('/status');
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ status: 'ok', version: 'builtin-0.1.0', config_hash: gw.server.context.config.hash });
    expect(status.body.config_hash).toMatch(/^[0-9a-f]{64}$/);
    const health = await gw.get('/health');
    expect(health).toEqual({ status: 200, body: { gateway: 'ok', clickhouse: 'ok', postgres: 'ok', valkey: 'ok', valkey_cache: 'ok' } });
  });

  it('returns the live config with files inlined as remapped paths relative to the config dir', async () => {
    const { status, body } = await gw.get('/internal/config');
    expect(status).toBe(200);
    expect(body.hash).toBe((await gw.get('/status')).body.config_hash);
    expect(body.extra_templates).toEqual({});
    expect(body.config.functions.assistant.variants.a.system_template).toEqual({
      __tensorzero_remapped_path: 'functions/assistant/a/system_template.minijinja',
      __data: 'Be {{ tone }}. <Answer> & "quote"\n',
    });
    expect(body.config.functions.agent.variants.v.templates.greeting.path.__tensorzero_remapped_path).toBe('functions/agent/v/greeting.minijinja');
    expect(body.config.functions.extract.output_schema.__tensorzero_remapped_path).toBe('functions/extract/output_schema.json');
    expect(body.config.tools.lookup.parameters.__tensorzero_remapped_path).toBe('tools/lookup.json');
    expect(body.config.functions.split.experimentation).toEqual({ type: 'static_weights', candidate_variants: { x: 3, y: 1 } });
  });

  it('lists inferences newest first with limit/offset and the latest inference- and episode-level feedback', async () => {
    const first = (await gw.post('/inference', { function_name: 'split', input: { messages: [] } })).body;
    const second = (await gw.post('/inference', { function_name: 'split', episode_id: first.episode_id, input: { messages: [] } })).body;
    await gw.post('/inference', { function_name: 'assistant', input: { system: { tone: 'x' } } });
    await gw.post('/feedback', { metric_name: 'correct', inference_id: first.inference_id, value: false });
    await gw.post('/feedback', { metric_name: 'correct', inference_id: first.inference_id, value: true });
    await gw.post('/feedback', { metric_name: 'score', episode_id: first.episode_id, value: 0.25 });

    const all = await gw.get('/internal/inferences?function_name=split');
    expect(all.body.inferences.map((i: { inference_id: string }) => i.inference_id)).toEqual([second.inference_id, first.inference_id]);
    expect(all.body.inferences[1].feedback).toEqual({ correct: true, score: 0.25 });
    expect(all.body.inferences[0].feedback).toEqual({ score: 0.25 });
    expect(all.body.inferences[0]).toMatchObject({ function_name: 'split', episode_id: first.episode_id, processing_time_ms: expect.any(Number), created_at: expect.any(String) });

    const page = await gw.get('/internal/inferences?function_name=split&limit=1&offset=1');
    expect(page.body.inferences.map((i: { inference_id: string }) => i.inference_id)).toEqual([first.inference_id]);
    const byVariant = await gw.get(`/internal/inferences?function_name=split&variant_name=${first.variant_name}`);
    expect(byVariant.body.inferences.every((i: { variant_name: string }) => i.variant_name === first.variant_name)).toBe(true);
    expect((await gw.get('/internal/inferences')).body.inferences).toHaveLength(3);
    expect((await gw.get('/internal/inferences?limit=-1')).status).toBe(400);
  });

  async function stored(createdAt: string, overrides: Partial<InferenceRecord> = {}): Promise<InferenceRecord> {
    const record: InferenceRecord = {
      id: uuid7(),
      functionName: 'split',
      functionType: 'chat',
      variantName: 'x',
      episodeId: uuid7(),
      input: { messages: [] },
      output: [{ type: 'text', text: 'ok' }],
      usage: { inputTokens: 10, outputTokens: 5, cost: null },
      finishReason: 'stop',
      processingTimeMs: 20,
      tags: {},
      createdAt,
      ...overrides,
    };
    await gw.server.context.store.insertInference(record, []);
    return record;
  }

  it('lists inferences in a half-open time window [after, before) with their tags and finish reason', async () => {
    const early = await stored('2026-01-05T09:59:59.999Z');
    const start = await stored('2026-01-05T10:00:00.000Z', { tags: { 'tensorzero::variant_pinned': 'x' } });
    const inside = await stored('2026-01-05T10:30:00.000Z', { variantName: 'y' });
    await stored('2026-01-05T11:00:00.000Z');
    const ids = async (q: string) => ((await gw.get(`/internal/inferences?${q}`)).body.inferences as { inference_id: string }[]).map((i) => i.inference_id);
    expect(await ids('function_name=split&after=2026-01-05T10:00:00Z&before=2026-01-05T11:00:00Z')).toEqual([inside.id, start.id]);
    expect(await ids('after=2026-01-05T10:00:00%2B01:00&before=2026-01-05T10:00:00.000Z')).toEqual([early.id]); // 09:00Z ≤ t < 10:00Z
    expect(await ids('function_name=split&variant_name=y&after=2026-01-05T10:00:00Z')).toEqual([inside.id]);
    const [row] = (await gw.get('/internal/inferences?before=2026-01-05T10:00:00.001Z&after=2026-01-05T10:00:00Z')).body.inferences;
    expect(row).toMatchObject({ inference_id: start.id, tags: { 'tensorzero::variant_pinned': 'x' }, finish_reason: 'stop' });
  });

  it.each([
    ['a timestamp without a zone', 'after=2026-01-05T10:00:00', 'after must be an ISO 8601 timestamp'],
    ['a non-date', 'before=yesterday', "before must be an ISO 8601 timestamp with a time zone (e.g. 2026-01-05T10:00:00Z), got 'yesterday'"],
    ['an empty window', 'after=2026-01-05T10:00:00Z&before=2026-01-05T10:00:00Z', 'must be earlier than before'],
  ])('rejects %s in the time window', async (_label, q, message) => {
    const result = await gw.get(`/internal/inferences?${q}`);
    expect(result.status).toBe(400);
    expect(result.body.error).toContain(message);
  });

  it('rolls usage, cost and latency up per variant in /internal/variant_statistics', async () => {
    await stored('2026-01-05T10:00:00.000Z', { usage: { inputTokens: 10, outputTokens: 5, cost: 0.5 }, processingTimeMs: 10 });
    await stored('2026-01-05T10:01:00.000Z', { usage: { inputTokens: 20, outputTokens: 1, cost: null }, processingTimeMs: 30 });
    await stored('2026-01-05T10:02:00.000Z', { variantName: 'y', usage: { inputTokens: null, outputTokens: null, cost: null } });
    await stored('2026-01-06T00:00:00.000Z', { usage: { inputTokens: 1000, outputTokens: 1000, cost: 9 } });
    await stored('2026-01-05T10:00:00.000Z', { functionName: 'assistant', variantName: 'a' });
    const { status, body } = await gw.get('/internal/variant_statistics?function_name=split&before=2026-01-06T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: [
        { function_name: 'split', variant_name: 'x', inference_count: 2, total_input_tokens: 30, total_output_tokens: 6, total_cost: 0.5, count_with_cost: 1, avg_processing_time_ms: 20 },
        { function_name: 'split', variant_name: 'y', inference_count: 1, count_with_cost: 0, avg_processing_time_ms: 20 },
      ],
    });
    const onlyY = await gw.get('/internal/variant_statistics?function_name=split&variant_names=y,z');
    expect(onlyY.body.data.map((r: { variant_name: string }) => r.variant_name)).toEqual(['y']);
    const repeated = await gw.get('/internal/variant_statistics?function_name=split&variant_names=y&variant_names=x&after=2026-01-06T00:00:00Z');
    expect(repeated.body.data).toEqual([expect.objectContaining({ variant_name: 'x', inference_count: 1, total_cost: 9 })]);
    expect((await gw.get('/internal/variant_statistics')).status).toBe(400);
    expect((await gw.get('/internal/variant_statistics?function_name=nope')).status).toBe(404);
  });

  it('reports sampling probabilities per function', async () => {
    expect((await gw.get('/internal/functions/split/variant_sampling_probabilities')).body).toEqual({ probabilities: { x: 0.75, y: 0.25 } });
    expect((await gw.get('/internal/functions/fallback_fn/variant_sampling_probabilities')).body).toEqual({ probabilities: { broken: 1 } });
    expect((await gw.get('/internal/functions/nope/variant_sampling_probabilities')).status).toBe(404);
  });

  it('answers unknown routes with 404 and wrong methods with 405, as JSON errors', async () => {
    const missing = await gw.get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('route not found');
    expect((await gw.get('/inference')).status).toBe(405);
  });
});

describe('built-in gateway: base_path', () => {
  it('serves every route under gateway.base_path', async () => {
    const files = fixtureConfigFiles();
    files['tensorzero.toml'] = (files['tensorzero.toml'] as string).replace('[gateway]', '[gateway]\nbase_path = "/tz"');
    const gw = await startTestGateway({ files });
    try {
      expect((await gw.get('/tz/health')).status).toBe(200);
      expect((await gw.post('/tz/inference', { function_name: 'split', input: {} })).status).toBe(200);
      expect((await gw.get('/health')).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});
