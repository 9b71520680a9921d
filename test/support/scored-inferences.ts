import { uuid7 } from '../../common/uuid7';
import type { GatewayStore } from '../../builtin-gateway/store/types';

/**
 * Stores one inference of `variant` (function `f`) per value, each with one float feedback
 * row `metricName` = value: the statistics an adaptive experiment reads, written straight into a store.
 */
export async function storeScoredInferences(store: GatewayStore, variant: string, values: number[], metricName = 'ok'): Promise<void> {
  for (const value of values) {
    const id = uuid7();
    const createdAt = new Date().toISOString();
    await store.insertInference(
      {
        id,
        functionName: 'f',
        functionType: 'chat',
        variantName: variant,
        episodeId: uuid7(),
        input: {},
        output: [],
        usage: { inputTokens: null, outputTokens: null, cost: null },
        finishReason: null,
        processingTimeMs: 1,
        tags: {},
        createdAt,
      },
      [],
    );
    await store.insertFeedback({ id: uuid7(), kind: 'float', metricName, targetId: id, targetType: 'inference', value, tags: {}, createdAt });
  }
}
