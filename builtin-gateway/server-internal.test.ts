import { fixtureConfigFiles } from './test-support/fixture-config';
import { startTestGateway, type TestGateway } from './test-support/test-gateway';

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
