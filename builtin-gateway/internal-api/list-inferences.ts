import type { ListInferencesResponse, StoredInferenceWithFeedback } from '../../gateway/wire';
import type { GatewayContext } from '../gateway-context';
import { badRequest } from '../http/http-error';
import type { InferenceRecord, StoredFeedback } from '../store/types';
import { readTimeWindow } from './time-window';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * `GET /internal/inferences?function_name=&variant_name=&after=&before=&limit=&offset=` (our
 * read extension for the built-in autopilot, see API.md): newest first, optionally within a
 * time window [after, before) of ISO timestamps, each with the latest value per metric from
 * feedback on the inference and on its episode.
 */
export async function handleListInferences(ctx: GatewayContext, query: URLSearchParams): Promise<ListInferencesResponse> {
  const limit = readCount(query, 'limit', DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) throw badRequest(`limit must be at most ${MAX_LIMIT}`);
  const offset = readCount(query, 'offset', 0);
  const rows = await ctx.store.listInferences({
    functionName: query.get('function_name') ?? undefined,
    variantName: query.get('variant_name') ?? undefined,
    ...readTimeWindow(query),
    limit,
    offset,
  });
  const targets = [...new Set(rows.flatMap((r) => [r.id, r.episodeId]))];
  const feedback = await ctx.store.feedbackForTargets(targets);
  return { inferences: rows.map((row) => toWire(row, feedback)) };
}

function toWire(row: InferenceRecord, feedback: StoredFeedback[]): StoredInferenceWithFeedback {
  const latest: Record<string, boolean | number | string> = {};
  // feedback is oldest first, so later rows overwrite earlier ones
  for (const f of feedback) {
    if (f.kind === 'demonstration') continue;
    const applies = (f.targetType === 'inference' && f.targetId === row.id) || (f.targetType === 'episode' && f.targetId === row.episodeId);
    if (applies) latest[f.metricName] = f.value as boolean | number | string;
  }
  return {
    inference_id: row.id,
    episode_id: row.episodeId,
    function_name: row.functionName,
    variant_name: row.variantName,
    input: row.input,
    output: row.output as StoredInferenceWithFeedback['output'],
    created_at: row.createdAt,
    processing_time_ms: row.processingTimeMs,
    usage: { input_tokens: row.usage.inputTokens, output_tokens: row.usage.outputTokens, cost: row.usage.cost },
    finish_reason: row.finishReason,
    tags: row.tags,
    feedback: latest,
  };
}

function readCount(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}
