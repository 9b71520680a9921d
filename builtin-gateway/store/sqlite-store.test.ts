import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { uuid7 } from '../../common/uuid7';
import { createSqliteStore } from './sqlite-store';

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
});
