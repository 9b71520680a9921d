/**
 * Where the strategy reads its inputs: the train gateway's config, stored inferences with their
 * feedback, and per-variant metric performance.
 */
import { z } from 'zod';
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import { isTransientStatus } from '../../../scheduler/retry-policy';
import { configSnapshotSchema, type ConfigSnapshot } from './config-types';

export interface TrainDataSource {
  getConfig(): Promise<ConfigSnapshot>;
  listInferences(functionName: string, limit: number): Promise<StoredInferenceWithFeedback[]>;
  getVariantPerformances(functionName: string, metricName: string): Promise<VariantPerformanceRow[]>;
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

export interface HttpTrainDataSourceOptions {
  /** per request */
  timeoutMs?: number;
}

export function createHttpTrainDataSource(gatewayUrl: string, options: HttpTrainDataSourceOptions = {}): TrainDataSource {
  const base = gatewayUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
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
  };
}
