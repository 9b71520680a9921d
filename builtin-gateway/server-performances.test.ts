import { uuid7 } from '../common/uuid7';
import { createMemoryStore } from './store/memory-store';
import type { GatewayStore, InferenceRecord } from './store/types';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

const CONFIG = `
[functions."ner::extract"]
type = "chat"
[functions."ner::extract".variants.a]
type = "chat_completion"
model = "sim::small"
[functions."ner::extract".variants.b]
type = "chat_completion"
model = "sim::small"
[functions.other]
type = "chat"
[functions.other.variants.a]
type = "chat_completion"
model = "sim::small"
[metrics.correct]
type = "boolean"
optimize = "max"
level = "inference"
[metrics.score]
type = "float"
optimize = "max"
level = "episode"
`;

const FN = encodeURIComponent('ner::extract');

describe('built-in gateway: GET /internal/functions/{fn}/variant_performances', () => {
  let gw: TestGateway;
  let store: GatewayStore;

  async function addInference(variantName: string, createdAt: string, episodeId = uuid7(), functionName = 'ner::extract'): Promise<InferenceRecord> {
    const record: InferenceRecord = {
      id: uuid7(),
      functionName,
      functionType: 'chat',
      variantName,
      episodeId,
      input: {},
      output: [],
      usage: { inputTokens: 1, outputTokens: 1, cost: null },
      finishReason: 'stop',
      processingTimeMs: 1,
      tags: {},
      createdAt,
    };
    await store.insertInference(record, []);
    return record;
  }
  async function addFeedback(metricName: string, targetId: string, value: boolean | number, targetType: 'inference' | 'episode' = 'inference') {
    await store.insertFeedback({
      id: uuid7(),
      kind: typeof value === 'boolean' ? 'boolean' : 'float',
      metricName,
      targetId,
      targetType,
      value,
      tags: {},
      createdAt: new Date().toISOString(),
    });
  }

  beforeEach(async () => {
    store = createMemoryStore();
    gw = await startTestGateway({ files: { 'tensorzero.toml': CONFIG }, store });

    const i1 = await addInference('a', '2026-01-05T10:00:30.000Z');
    const i2 = await addInference('a', '2026-01-05T10:00:50.000Z');
    const i3 = await addInference('a', '2026-01-05T10:01:10.000Z');
    const i4 = await addInference('b', '2026-01-05T10:00:40.000Z');
    await addInference('a', '2026-01-05T10:00:45.000Z'); // no feedback
    const elsewhere = await addInference('a', '2026-01-05T10:00:45.000Z', uuid7(), 'other');
    await addFeedback('correct', i1.id, false);
    await addFeedback('correct', i1.id, true); // latest wins
    await addFeedback('correct', i2.id, true);
    await addFeedback('correct', i3.id, false);
    await addFeedback('correct', i4.id, true);
    await addFeedback('correct', elsewhere.id, false);

    const e1 = uuid7();
    await addInference('a', '2026-01-05T11:00:00.000Z', e1);
    await addInference('b', '2026-01-05T11:00:05.000Z', e1);
    const e2 = uuid7();
    await addInference('a', '2026-01-05T11:00:10.000Z', e2);
    await addInference('a', '2026-01-05T11:00:20.000Z', e2);
    await addFeedback('score', e1, 0.5, 'episode');
    await addFeedback('score', e1, 0.8, 'episode');
    await addFeedback('score', e2, 0.2, 'episode');
  });
  afterEach(async () => {
    await gw.close();
  });

  it('reports the latest inference-level feedback per inference, cumulatively', async () => {
    const { status, body } = await gw.get(`/internal/functions/${FN}/variant_performances?metric_name=correct&time_window=cumulative`);
    expect(status).toBe(200);
    // a: [1, 1, 0] → mean 2/3, stdev √(1/3), ci 1.96·stdev/√3; b: [1] → no stdev/ci
    expect(body.performances).toHaveLength(2);
    const [a, b] = body.performances;
    expect(a).toEqual({ period_start: '1970-01-01T00:00:00Z', variant_name: 'a', count: 3, avg_metric: expect.any(Number), stdev: expect.any(Number), ci_error: expect.any(Number) });
    expect(a.avg_metric).toBeCloseTo(2 / 3, 12);
    expect(a.stdev).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(a.ci_error).toBeCloseTo((1.96 * Math.sqrt(1 / 3)) / Math.sqrt(3), 12);
    expect(b).toEqual({ period_start: '1970-01-01T00:00:00Z', variant_name: 'b', count: 1, avg_metric: 1 });
  });

  it('groups by period (ordered by period, then variant)', async () => {
    const { body } = await gw.get(`/internal/functions/${FN}/variant_performances?metric_name=correct&time_window=minute`);
    expect(body.performances).toEqual([
      { period_start: '2026-01-05T10:00:00Z', variant_name: 'a', count: 2, avg_metric: 1, stdev: 0, ci_error: 0 },
      { period_start: '2026-01-05T10:00:00Z', variant_name: 'b', count: 1, avg_metric: 1 },
      { period_start: '2026-01-05T10:01:00Z', variant_name: 'a', count: 1, avg_metric: 0 },
    ]);
  });

  it('credits episode-level feedback once per episode to every variant that served it', async () => {
    const { body } = await gw.get(`/internal/functions/${FN}/variant_performances?metric_name=score&time_window=cumulative`);
    // a: episodes e1 (0.8, latest) and e2 (0.2, two inferences but one data point); b: e1 only
    const [a, b] = body.performances;
    expect(a.count).toBe(2);
    expect(a.avg_metric).toBeCloseTo(0.5, 12);
    expect(a.stdev).toBeCloseTo(Math.sqrt(0.18), 12);
    expect(a.ci_error).toBeCloseTo((1.96 * Math.sqrt(0.18)) / Math.sqrt(2), 12);
    expect(b).toEqual({ period_start: '1970-01-01T00:00:00Z', variant_name: 'b', count: 1, avg_metric: 0.8 });
  });

  it('filters by variant_name', async () => {
    const { body } = await gw.get(`/internal/functions/${FN}/variant_performances?metric_name=correct&time_window=cumulative&variant_name=b`);
    expect(body.performances.map((p: { variant_name: string }) => p.variant_name)).toEqual(['b']);
  });

  it('returns an empty list when there is no feedback', async () => {
    const { body } = await gw.get('/internal/functions/other/variant_performances?metric_name=score&time_window=day');
    expect(body).toEqual({ performances: [] });
  });

  it.each([
    ['an unknown function', '/internal/functions/nope/variant_performances?metric_name=correct&time_window=day', 404],
    ['an unknown metric', `/internal/functions/${FN}/variant_performances?metric_name=nope&time_window=day`, 404],
    ['an unknown variant', `/internal/functions/${FN}/variant_performances?metric_name=correct&time_window=day&variant_name=zz`, 404],
    ['a missing metric_name', `/internal/functions/${FN}/variant_performances?time_window=day`, 400],
    ['a bad time_window', `/internal/functions/${FN}/variant_performances?metric_name=correct&time_window=year`, 400],
  ])('rejects %s', async (_label, path, status) => {
    const result = await gw.get(path);
    expect(result.status).toBe(status);
    expect(typeof result.body.error).toBe('string');
  });
});
