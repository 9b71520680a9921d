import { isUuid7, uuid7 } from '../common/uuid7';
import { fixtureConfigFiles } from '../test/fixtures/gateway-config';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

async function inference(gw: TestGateway, extra: Record<string, unknown> = {}): Promise<{ inference_id: string; episode_id: string }> {
  const { status, body } = await gw.post('/inference', { function_name: 'split', input: { messages: [] }, ...extra });
  expect(status).toBe(200);
  return body;
}

describe('built-in gateway: POST /feedback', () => {
  let gw: TestGateway;
  afterEach(async () => {
    await gw.close();
  });

  describe('with the default settings', () => {
    beforeEach(async () => {
      gw = await startTestGateway({ files: fixtureConfigFiles() });
    });

    it('stores boolean, float and comment feedback (several rows per target) and returns a UUIDv7 id', async () => {
      const { inference_id, episode_id } = await inference(gw);
      const first = await gw.post('/feedback', { metric_name: 'correct', inference_id, value: false, tags: { split: 'train' } });
      expect(first.status).toBe(200);
      expect(isUuid7(first.body.feedback_id)).toBe(true);
      expect((await gw.post('/feedback', { metric_name: 'correct', inference_id, value: true })).status).toBe(200);
      expect((await gw.post('/feedback', { metric_name: 'score', episode_id, value: 3 })).status).toBe(200);
      expect((await gw.post('/feedback', { metric_name: 'comment', episode_id, value: 'nice' })).status).toBe(200);
      const rows = await gw.server.context.store.feedbackForTargets([inference_id, episode_id]);
      expect(rows.map((r) => [r.metricName, r.value])).toEqual([
        ['correct', false],
        ['correct', true],
        ['score', 3],
        ['comment', 'nice'],
      ]);
      expect(rows[0].tags).toEqual({ split: 'train' });
      expect(rows[3].targetType).toBe('episode');
    });

    it.each([
      ['an unknown metric', (ids: Ids) => ({ metric_name: 'nope', inference_id: ids.inference_id, value: true }), 404, "unknown metric 'nope'"],
      ['both ids', (ids: Ids) => ({ metric_name: 'correct', inference_id: ids.inference_id, episode_id: ids.episode_id, value: true }), 400, 'not both'],
      ['no id', () => ({ metric_name: 'correct', value: true }), 400, 'needs an inference_id or an episode_id'],
      ['an episode id for an inference-level metric', (ids: Ids) => ({ metric_name: 'correct', episode_id: ids.episode_id, value: true }), 400, 'inference-level'],
      ['an inference id for an episode-level metric', (ids: Ids) => ({ metric_name: 'score', inference_id: ids.inference_id, value: 1 }), 400, 'episode-level'],
      ['a number for a boolean metric', (ids: Ids) => ({ metric_name: 'correct', inference_id: ids.inference_id, value: 1 }), 400, 'must be true or false'],
      ['a string for a float metric', (ids: Ids) => ({ metric_name: 'score', episode_id: ids.episode_id, value: '1' }), 400, 'must be a number'],
      ['a non-string comment', (ids: Ids) => ({ metric_name: 'comment', episode_id: ids.episode_id, value: 5 }), 400, "'comment' must be a string"],
      ['an unknown field', (ids: Ids) => ({ metric_name: 'correct', inference_id: ids.inference_id, value: true, extra: 1 }), 400, 'unknown field extra'],
      ['a missing inference', () => ({ metric_name: 'correct', inference_id: uuid7(), value: true }), 400, 'does not exist'],
      ['a missing episode', () => ({ metric_name: 'score', episode_id: uuid7(), value: 1 }), 400, 'does not exist'],
    ])('rejects %s', async (_label, build, status, message) => {
      const ids = await inference(gw);
      const result = await gw.post('/feedback', build(ids));
      expect(result.status).toBe(status);
      expect(result.body.error).toContain(message);
      expect(await gw.server.context.store.feedbackForTargets([ids.inference_id, ids.episode_id])).toEqual([]);
    });

    it('rejects feedback on a dry-run inference, which is never stored', async () => {
      const { inference_id } = await inference(gw, { dryrun: true });
      const result = await gw.post('/feedback', { metric_name: 'correct', inference_id, value: true });
      expect(result.status).toBe(400);
      expect(result.body.error).toContain(`inference '${inference_id}' does not exist`);
    });

    it('rejects episode feedback when the episode only has dry-run inferences', async () => {
      const { episode_id } = await inference(gw, { dryrun: true });
      const result = await gw.post('/feedback', { metric_name: 'score', episode_id, value: 1 });
      expect(result.status).toBe(400);
      expect(result.body.error).toContain(`episode '${episode_id}' does not exist`);
    });

    it('attributes the latest row per target and metric to the inference and to every inference of the episode', async () => {
      const first = await inference(gw);
      const second = await inference(gw, { episode_id: first.episode_id });
      await gw.post('/feedback', { metric_name: 'score', episode_id: first.episode_id, value: 0.1 });
      await gw.post('/feedback', { metric_name: 'score', episode_id: first.episode_id, value: 0.9 });
      await gw.post('/feedback', { metric_name: 'correct', inference_id: second.inference_id, value: true });
      await gw.post('/feedback', { metric_name: 'correct', inference_id: second.inference_id, value: false });
      await gw.post('/feedback', { metric_name: 'correct', inference_id: second.inference_id, value: true, dryrun: true }); // not stored
      const { body } = await gw.get('/internal/inferences?function_name=split');
      const byId = Object.fromEntries(body.inferences.map((i: { inference_id: string; feedback: object }) => [i.inference_id, i.feedback]));
      expect(byId[first.inference_id]).toEqual({ score: 0.9 });
      expect(byId[second.inference_id]).toEqual({ score: 0.9, correct: false });
    });

    it('validates but does not store dry-run feedback', async () => {
      const { inference_id } = await inference(gw);
      const result = await gw.post('/feedback', { metric_name: 'correct', inference_id, value: true, dryrun: true });
      expect(result.status).toBe(200);
      expect(await gw.server.context.store.feedbackForTargets([inference_id])).toEqual([]);
    });

    it('checks a demonstration against the function’s output', async () => {
      gw.fake.respondWith(() => ({ body: { choices: [{ message: { content: '{"person":[]}' }, finish_reason: 'stop' }] } }));
      const { body } = await gw.post('/inference', {
        function_name: 'extract',
        input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'x' } }] }] },
      });
      const ok = await gw.post('/feedback', { metric_name: 'demonstration', inference_id: body.inference_id, value: { person: ['Ada'] } });
      expect(ok.status).toBe(200);
      const bad = await gw.post('/feedback', { metric_name: 'demonstration', inference_id: body.inference_id, value: { person: 'Ada' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toContain('output schema');
    });
  });

  it('skips the target lookup with unstable_disable_feedback_target_validation', async () => {
    const files = fixtureConfigFiles();
    files['tensorzero.toml'] = (files['tensorzero.toml'] as string).replace('[gateway]', '[gateway]\nunstable_disable_feedback_target_validation = true');
    gw = await startTestGateway({ files });
    const result = await gw.post('/feedback', { metric_name: 'correct', inference_id: uuid7(), value: true });
    expect(result.status).toBe(200);
  });

  it('rejects feedback and stores no inferences when observability is disabled', async () => {
    const files = fixtureConfigFiles();
    files['tensorzero.toml'] = (files['tensorzero.toml'] as string).replace('observability.enabled = true', 'observability.enabled = false');
    gw = await startTestGateway({ files });
    const { inference_id } = await inference(gw);
    expect(await gw.server.context.store.getInference(inference_id)).toBeUndefined();
    const result = await gw.post('/feedback', { metric_name: 'correct', inference_id, value: true });
    expect(result.status).toBe(400);
    expect(result.body.error).toContain('observability is disabled');
  });
});

type Ids = { inference_id: string; episode_id: string };
