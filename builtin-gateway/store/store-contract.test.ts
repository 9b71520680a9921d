import { uuid7 } from '../../common/uuid7';
import { STORE_BACKENDS } from './store-backends';
import type { FeedbackRecord, GatewayStore, InferenceRecord } from './types';

function inference(overrides: Partial<InferenceRecord> = {}): InferenceRecord {
  return {
    id: uuid7(),
    functionName: 'f',
    functionType: 'chat',
    variantName: 'a',
    episodeId: uuid7(),
    input: { messages: [{ role: 'user', content: 'hi' }] },
    output: [{ type: 'text', text: 'hello' }],
    usage: { inputTokens: 3, outputTokens: 2, cost: 0.5 },
    finishReason: 'stop',
    processingTimeMs: 12,
    tags: { k: 'v' },
    createdAt: '2026-01-02T03:04:05.678Z',
    ...overrides,
  };
}

function feedback(overrides: Partial<FeedbackRecord> & Pick<FeedbackRecord, 'targetId' | 'value'>): FeedbackRecord {
  return {
    id: uuid7(),
    kind: 'boolean',
    metricName: 'ok',
    targetType: 'inference',
    tags: {},
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

describe.each(Object.keys(STORE_BACKENDS))('GatewayStore contract: %s', (backend) => {
  let store: GatewayStore;
  let dispose: () => Promise<void>;
  beforeEach(() => {
    ({ store, dispose } = STORE_BACKENDS[backend]());
  });
  afterEach(async () => {
    await dispose();
  });

  it('round-trips an inference and its model inferences', async () => {
    const row = inference({ functionType: 'json', output: { raw: '{"a":1}', parsed: { a: 1 } } });
    await store.insertInference(row, [
      {
        id: uuid7(),
        inferenceId: row.id,
        modelName: 'sim::small',
        modelProviderName: 'sim',
        inputTokens: 3,
        outputTokens: 2,
        cost: 0.5,
        responseTimeMs: 10,
        finishReason: 'stop',
        rawRequest: '{}',
        rawResponse: '{}',
        createdAt: row.createdAt,
      },
    ]);
    expect(await store.getInference(row.id)).toEqual(row);
    expect(await store.getInference(uuid7())).toBeUndefined();
    const models = await store.listModelInferences(row.id);
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ modelName: 'sim::small', modelProviderName: 'sim', cost: 0.5 });
  });

  it('answers whether an episode has inferences', async () => {
    const row = inference();
    await store.insertInference(row, []);
    expect(await store.hasEpisode(row.episodeId)).toBe(true);
    expect(await store.hasEpisode(uuid7())).toBe(false);
  });

  it('lists inferences newest first, filtered by function and variant, with limit and offset', async () => {
    const rows = [
      inference({ functionName: 'f', variantName: 'a' }),
      inference({ functionName: 'g', variantName: 'a' }),
      inference({ functionName: 'f', variantName: 'b' }),
      inference({ functionName: 'f', variantName: 'a' }),
    ];
    for (const row of rows) await store.insertInference(row, []);
    const ids = async (q: Parameters<GatewayStore['listInferences']>[0]) => (await store.listInferences(q)).map((r) => r.id);
    expect(await ids({ limit: 10, offset: 0 })).toEqual([rows[3].id, rows[2].id, rows[1].id, rows[0].id]);
    expect(await ids({ functionName: 'f', limit: 10, offset: 0 })).toEqual([rows[3].id, rows[2].id, rows[0].id]);
    expect(await ids({ functionName: 'f', variantName: 'a', limit: 10, offset: 0 })).toEqual([rows[3].id, rows[0].id]);
    expect(await ids({ functionName: 'f', limit: 1, offset: 1 })).toEqual([rows[2].id]);
  });

  it('lists inferences in a half-open time window [after, before)', async () => {
    const at = (createdAt: string) => inference({ createdAt });
    const rows = [at('2026-01-01T00:00:00.000Z'), at('2026-01-01T00:00:01.000Z'), at('2026-01-01T00:00:02.000Z'), at('2026-01-01T00:00:03.000Z')];
    for (const row of rows) await store.insertInference(row, []);
    const ids = async (after?: string, before?: string) => (await store.listInferences({ after, before, limit: 10, offset: 0 })).map((r) => r.id);
    expect(await ids('2026-01-01T00:00:01.000Z', '2026-01-01T00:00:03.000Z')).toEqual([rows[2].id, rows[1].id]);
    expect(await ids('2026-01-01T00:00:02.000Z')).toEqual([rows[3].id, rows[2].id]);
    expect(await ids(undefined, '2026-01-01T00:00:01.000Z')).toEqual([rows[0].id]);
  });

  it('returns feedback for targets oldest first with increasing sequence numbers', async () => {
    const target = uuid7();
    const other = uuid7();
    await store.insertFeedback(feedback({ targetId: target, value: true }));
    await store.insertFeedback(feedback({ targetId: other, value: 0.5, kind: 'float', metricName: 'score' }));
    await store.insertFeedback(feedback({ targetId: target, value: 'nice', kind: 'comment', metricName: 'comment', tags: { a: 'b' } }));
    const rows = await store.feedbackForTargets([target]);
    expect(rows.map((r) => r.value)).toEqual([true, 'nice']);
    expect(rows[0].seq).toBeLessThan(rows[1].seq);
    expect(rows[1]).toMatchObject({ kind: 'comment', metricName: 'comment', tags: { a: 'b' }, targetType: 'inference' });
    expect(await store.feedbackForTargets([])).toEqual([]);
  });

  it('joins inference-level feedback to the function’s inferences by inference id', async () => {
    const a = inference({ variantName: 'a' });
    const b = inference({ variantName: 'b' });
    const elsewhere = inference({ functionName: 'other' });
    for (const row of [a, b, elsewhere]) await store.insertInference(row, []);
    await store.insertFeedback(feedback({ targetId: a.id, value: true }));
    await store.insertFeedback(feedback({ targetId: a.id, value: false }));
    await store.insertFeedback(feedback({ targetId: b.id, value: 0.25, kind: 'float' }));
    await store.insertFeedback(feedback({ targetId: elsewhere.id, value: true }));
    await store.insertFeedback(feedback({ targetId: b.id, value: 'x', kind: 'comment' }));
    await store.insertFeedback(feedback({ targetId: b.id, value: true, metricName: 'other_metric' }));
    const samples = await store.metricSamples({ functionName: 'f', metricName: 'ok', level: 'inference' });
    expect(samples.map((s) => [s.variantName, s.value, s.inferenceId])).toEqual([
      ['a', 1, a.id],
      ['a', 0, a.id],
      ['b', 0.25, b.id],
    ]);
    expect(samples[0].feedbackSeq).toBeLessThan(samples[1].feedbackSeq);
    expect(samples[0]).toMatchObject({ targetId: a.id, episodeId: a.episodeId, inferenceCreatedAt: a.createdAt });
  });

  it('joins episode-level feedback to every inference of the function in that episode', async () => {
    const episode = uuid7();
    const first = inference({ episodeId: episode, variantName: 'a' });
    const second = inference({ episodeId: episode, variantName: 'b' });
    const otherFunction = inference({ episodeId: episode, functionName: 'g' });
    for (const row of [first, second, otherFunction]) await store.insertInference(row, []);
    await store.insertFeedback(feedback({ targetId: episode, targetType: 'episode', value: 0.75, kind: 'float', metricName: 'solved' }));
    const samples = await store.metricSamples({ functionName: 'f', metricName: 'solved', level: 'episode' });
    expect(samples.map((s) => [s.inferenceId, s.variantName, s.value])).toEqual([
      [first.id, 'a', 0.75],
      [second.id, 'b', 0.75],
    ]);
    expect(new Set(samples.map((s) => s.feedbackId)).size).toBe(1);
  });

  it('keeps the first variant assigned to an episode', async () => {
    const episode = uuid7();
    expect(await store.getEpisodeVariant('f', episode)).toBeUndefined();
    expect(await store.assignEpisodeVariant('f', episode, 'a')).toBe('a');
    expect(await store.assignEpisodeVariant('f', episode, 'b')).toBe('a');
    expect(await store.getEpisodeVariant('f', episode)).toBe('a');
    expect(await store.assignEpisodeVariant('g', episode, 'b')).toBe('b');
  });

  it('creates one deployment id and keeps it', async () => {
    const id = await store.getDeploymentId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.getDeploymentId()).toBe(id);
  });
});
