/**
 * Where the strategy reads its inputs — the train gateway's config, stored inferences with their
 * feedback, and per-variant metric performance — and where it runs its own dry-run inferences:
 * a candidate variant on a stored input (`internal_dynamic_variant_config`), or a plain model call
 * for the optimiser model. Nothing these calls do is stored by the gateway.
 */
import { z } from 'zod';
import type { FetchFunction } from '../../../common/inference-fetch';
import type { InferenceInput, StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import { isTransientStatus } from '../../../scheduler/retry-policy';
import { configSnapshotSchema, type ConfigSnapshot } from './config-types';

export interface TrainDataSource {
  getConfig(): Promise<ConfigSnapshot>;
  listInferences(functionName: string, limit: number): Promise<StoredInferenceWithFeedback[]>;
  getVariantPerformances(functionName: string, metricName: string): Promise<VariantPerformanceRow[]>;
  /** one dry-run `POST /inference`; throws `TrainDataSourceError` (4xx: not retryable) */
  infer(request: ScoringRequest): Promise<ScoringResult>;
}

export type ScoringRequest =
  /** a candidate rendered like a deployed variant: the `upsert_variant` object, files inline */
  | { kind: 'variant'; functionName: string; variant: Record<string, unknown>; input: InferenceInput }
  /** the optimiser model, through `tensorzero::default` */
  | { kind: 'model'; modelName: string; system: string; user: string; maxTokens?: number }
  /** a model on a whole conversation (third-party optimisers: few-shot turns, reflection prompts) */
  | { kind: 'chat'; modelName: string; system: string | null; messages: { role: 'user' | 'assistant'; content: string }[]; maxTokens?: number };

export interface ScoringResult {
  /** json functions: `{raw, parsed}`; chat: content blocks */
  output: unknown;
  /** the text of a chat answer, or a json answer's raw text */
  text: string;
  /** USD as the gateway reports it; null when unknown */
  costUsd: number | null;
}

/** A failed read; `retryable` says whether trying again later may help (network, 5xx, 429). */
export class TrainDataSourceError extends Error {
  override readonly name = 'TrainDataSourceError';
  constructor(
    message: string,
    readonly url: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

const inferencesResponseSchema = z.object({
  inferences: z.array(
    z.looseObject({
      inference_id: z.string(),
      episode_id: z.string(),
      function_name: z.string(),
      variant_name: z.string(),
      input: z.looseObject({}),
      output: z.unknown(),
      feedback: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).default({}),
    }),
  ),
});

const performancesResponseSchema = z.object({
  performances: z.array(
    z.looseObject({
      period_start: z.string(),
      variant_name: z.string(),
      count: z.number(),
      avg_metric: z.number(),
      stdev: z.number().nullish(),
      ci_error: z.number().nullish(),
    }),
  ),
});

const inferenceResponseSchema = z.looseObject({
  output: z.looseObject({ raw: z.string().nullish(), parsed: z.unknown() }).optional(),
  content: z.array(z.looseObject({ type: z.string() })).optional(),
  usage: z.looseObject({ cost: z.number().nullish() }).optional(),
});

function responseText(response: z.infer<typeof inferenceResponseSchema>): string {
  if (response.output) return response.output.raw ?? '';
  return (response.content ?? [])
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

export interface HttpTrainDataSourceOptions {
  /** per request */
  timeoutMs?: number;
  /** default global fetch; `local::` runs pass common/inference-fetch.ts (no 300 s header limit) */
  fetch?: FetchFunction;
}

export function createHttpTrainDataSource(gatewayUrl: string, options: HttpTrainDataSourceOptions = {}): TrainDataSource {
  const base = gatewayUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const send = options.fetch ?? fetch;

  async function getJson<T>(path: string, schema: z.ZodType<T>, postBody?: unknown): Promise<T> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      const init: RequestInit =
        postBody === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postBody) };
      response = await send(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new TrainDataSourceError(`cannot reach the gateway at ${url}: ${(err as Error).message}`, url, true);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new TrainDataSourceError(
        `gateway answered ${response.status} for ${url}: ${text.slice(0, 300)}`,
        url,
        isTransientStatus(response.status),
        response.status,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new TrainDataSourceError(`gateway sent invalid JSON for ${url}`, url, false, response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new TrainDataSourceError(`unexpected response shape from ${url}: ${parsed.error.message}`, url, false, response.status);
    }
    return parsed.data;
  }

  return {
    getConfig: () => getJson('/internal/config', configSnapshotSchema),
    async listInferences(functionName, limit) {
      const query = new URLSearchParams({ function_name: functionName, limit: String(limit) });
      const body = await getJson(`/internal/inferences?${query}`, inferencesResponseSchema);
      return body.inferences as unknown as StoredInferenceWithFeedback[];
    },
    async getVariantPerformances(functionName, metricName) {
      const query = new URLSearchParams({ metric_name: metricName, time_window: 'cumulative' });
      const path = `/internal/functions/${encodeURIComponent(functionName)}/variant_performances?${query}`;
      const body = await getJson(path, performancesResponseSchema);
      return body.performances.map((row) => ({
        period_start: row.period_start,
        variant_name: row.variant_name,
        count: row.count,
        avg_metric: row.avg_metric,
        ...(row.stdev != null ? { stdev: row.stdev } : {}),
        ...(row.ci_error != null ? { ci_error: row.ci_error } : {}),
      }));
    },
    async infer(request) {
      const body =
        request.kind === 'variant'
          ? { function_name: request.functionName, input: request.input, dryrun: true, internal_dynamic_variant_config: request.variant }
          : {
              model_name: request.modelName,
              input:
                request.kind === 'model'
                  ? { system: request.system, messages: [{ role: 'user', content: request.user }] }
                  : { ...(request.system !== null ? { system: request.system } : {}), messages: request.messages },
              dryrun: true,
              ...(request.maxTokens ? { params: { chat_completion: { max_tokens: request.maxTokens } } } : {}),
            };
      const response = await getJson('/inference', inferenceResponseSchema, body);
      const output = response.output ?? response.content ?? [];
      return { output, text: responseText(response), costUsd: response.usage?.cost ?? null };
    },
  };
}
