import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { uuid7 } from '../../common/uuid7';
import { createSqliteStore } from './sqlite-store';
import type { InferenceRecord } from './types';

function record(id = uuid7()): InferenceRecord {
  return {
    id,
    functionName: 'f',
    functionType: 'chat',
    variantName: 'a',
    episodeId: uuid7(),
    input: {},
    output: [],
    usage: { inputTokens: null, outputTokens: null, cost: null },
    finishReason: null,
    processingTimeMs: 0,
    tags: {},
    createdAt: new Date().toISOString(),
  };
}

describe('createSqliteStore', () => {
  it('keeps inferences, feedback, assignments and the deployment id across reopening the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
    const file = path.join(dir, 'nested.sqlite');
    try {
      const first = createSqliteStore(file);
      const id = uuid7();
      await first.insertInference(
        {
          id,
          functionName: 'f',
          functionType: 'chat',
          variantName: 'a',
          episodeId: uuid7(),
          input: {},
          output: [],
          usage: { inputTokens: null, outputTokens: null, cost: null },
          finishReason: null,
          processingTimeMs: 0,
          tags: {},
          createdAt: new Date().toISOString(),
        },
        [],
      );
      await first.insertFeedback({ id: uuid7(), kind: 'boolean', metricName: 'ok', targetId: id, targetType: 'inference', value: true, tags: {}, createdAt: new Date().toISOString() });
      await first.assignEpisodeVariant('f', 'e1', 'b');
      const deployment = await first.getDeploymentId();
      await first.close();

      const second = createSqliteStore(file);
      expect((await second.getInference(id))?.variantName).toBe('a');
      expect((await second.feedbackForTargets([id])).map((f) => f.value)).toEqual([true]);
      expect(await second.getEpisodeVariant('f', 'e1')).toBe('b');
      expect(await second.getDeploymentId()).toBe(deployment);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('group-commits concurrent inferences: each is on disk when its promise resolves, a duplicate fails alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
    const file = path.join(dir, 'store.sqlite');
    const store = createSqliteStore(file);
    const reader = createSqliteStore(file); // another connection sees only committed rows
    try {
      const existing = record();
      await store.insertInference(existing, []);
      const rows = Array.from({ length: 20 }, () => record());
      const results = await Promise.allSettled([
        ...rows.map(async (row) => {
          await store.insertInference(row, []);
          return (await reader.getInference(row.id))?.id;
        }),
        store.insertInference(record(existing.id), []),
      ]);
      expect(results.slice(0, 20)).toEqual(rows.map((row) => ({ status: 'fulfilled', value: row.id })));
      expect(results[20].status).toBe('rejected');
      expect((await reader.listInferences({ limit: 100, offset: 0 })).map((r) => r.id)).toEqual([existing, ...rows].map((r) => r.id).reverse());
    } finally {
      await reader.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads and close commit inferences still queued', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
    const file = path.join(dir, 'store.sqlite');
    try {
      const store = createSqliteStore(file);
      const seen = record();
      const write = store.insertInference(seen, []);
      expect((await store.getInference(seen.id))?.id).toBe(seen.id);
      await write;
      const queued = record();
      const last = store.insertInference(queued, []);
      await store.close();
      await last;
      const reopened = createSqliteStore(file);
      expect((await reopened.getInference(queued.id))?.id).toBe(queued.id);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
