import { getLogger } from '../common/logger';
import { isTransientStatus } from '../scheduler/retry-policy';
import { GatewayHttpError } from './errors';
import { toTrainMetrics } from './train-metrics';
import type {
  GatewayClient,
  GatewayClientOptions,
  GatewayConfigSnapshot,
  GatewayStatus,
  ListInferencesOptions,
  RequestOptions,
  TrainMetrics,
} from './types';
import type {
  FeedbackRequest,
  FeedbackResponse,
  InferenceRequest,
  InferenceResponse,
  ListInferencesResponse,
  TimeWindow,
  VariantPerformancesResponse,
  VariantSamplingProbabilitiesResponse,
} from './wire';

/**
 * HTTP client for a gateway (built-in or TensorZero's) over global fetch. It never retries:
 * Temporal and the rollout runner own retrying, guided by `GatewayHttpError.transient`.
 */

export const DEFAULT_CLIENT_TIMEOUT_MS = 60_000;
/** The original's timeout for the variant-performances read (§6.7). */
export const VARIANT_PERFORMANCES_TIMEOUT_MS = 30_000;

interface CallOptions extends RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
}

export function createGatewayClient(url: string, options: GatewayClientOptions = {}): GatewayClient {
  const base = url.replace(/\/+$/, '');
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
  const send = options.fetch ?? fetch;
  const log = getLogger('gateway.client');

  async function call<T>(method: 'GET' | 'POST', path: string, call: CallOptions = {}): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, String(value));
    const target = `${base}${path}${query.size > 0 ? `?${query}` : ''}`;
    const timeoutMs = call.timeoutMs ?? defaultTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;

    let status: number;
    let text: string;
    try {
      const res = await send(target, {
        method,
        signal,
        headers: call.body !== undefined ? { 'content-type': 'application/json' } : undefined,
        body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (call.signal?.aborted) throw err; // the caller's abort is final, never retried
      if (timeout.aborted) {
        throw new GatewayHttpError(`${method} ${path} timed out after ${timeoutMs} ms`, method, path, null, null, 'timeout', true, { cause: err });
      }
      const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new GatewayHttpError(`${method} ${path} could not reach the gateway at ${base}: ${reason}`, method, path, null, null, 'connection', true, { cause: err });
    }

    const body = parseJson(text);
    if (status < 200 || status >= 300) {
      const detail = isErrorBody(body) ? body.error : text;
      throw new GatewayHttpError(
        `${method} ${path} failed with HTTP ${status}: ${truncate(detail, 500)}`,
        method,
        path,
        status,
        body === undefined ? text : body,
        'http',
        isTransientStatus(status),
      );
    }
    if (body === undefined || typeof body !== 'object' || body === null) {
      throw new GatewayHttpError(`${method} ${path} returned HTTP ${status} with a body that is not a JSON object: ${truncate(text, 200)}`, method, path, status, text, 'invalid_response', false);
    }
    return body as T;
  }

  async function variantPerformances(
    functionName: string,
    metricName: string,
    timeWindow: TimeWindow = 'cumulative',
    options: RequestOptions = {},
  ): Promise<VariantPerformancesResponse> {
    return call('GET', `/internal/functions/${encodeURIComponent(functionName)}/variant_performances`, {
      ...options,
      timeoutMs: options.timeoutMs ?? VARIANT_PERFORMANCES_TIMEOUT_MS,
      query: { metric_name: metricName, time_window: timeWindow },
    });
  }

  return {
    url: base,
    inference: (req: InferenceRequest, o?: RequestOptions) => call<InferenceResponse>('POST', '/inference', { ...o, body: req }),
    feedback: (req: FeedbackRequest, o?: RequestOptions) => call<FeedbackResponse>('POST', '/feedback', { ...o, body: req }),
    health: (o?: RequestOptions) => call<Record<string, string>>('GET', '/health', o),
    status: (o?: RequestOptions) => call<GatewayStatus>('GET', '/status', o),
    variantPerformances,
    async trainMetrics(functionName: string, metricName: string): Promise<TrainMetrics | null> {
      try {
        const response = await variantPerformances(functionName, metricName, 'cumulative');
        return toTrainMetrics(metricName, Array.isArray(response.performances) ? response.performances : []);
      } catch (err) {
        log.warn({ functionName, metricName, error: (err as Error).message }, 'could not collect train metrics from the gateway');
        return null;
      }
    },
    listInferences: (q: ListInferencesOptions = {}, o?: RequestOptions) =>
      call<ListInferencesResponse>('GET', '/internal/inferences', { ...o, query: {
          function_name: q.functionName,
          variant_name: q.variantName,
          limit: q.limit,
          offset: q.offset,
          after: q.after,
          before: q.before,
        },
      }),
    variantSamplingProbabilities: (functionName: string, o?: RequestOptions) =>
      call<VariantSamplingProbabilitiesResponse>('GET', `/internal/functions/${encodeURIComponent(functionName)}/variant_sampling_probabilities`, o),
    getConfig: (o?: RequestOptions) => call<GatewayConfigSnapshot>('GET', '/internal/config', o),
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(body: unknown): body is { error: string } {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
