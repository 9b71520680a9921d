import { ProviderError, type ProviderRequest, type ProviderResponse } from '../../providers/types';
import { backoffDelay } from '../../scheduler/backoff';
import { sleep } from '../../scheduler/sleep';
import type { RetryConfig } from '../config/types';
import type { ModelResolver } from '../models/resolve-model';

export interface ModelCallResult {
  response: ProviderResponse;
  providerName: string;
  responseTimeMs: number;
}

export interface CallModelOptions {
  retries: RetryConfig;
  /** the variant's `timeouts.non_streaming.total_ms` */
  variantTimeoutMs?: number;
  globalTimeoutMs: number;
  credentials?: Record<string, string>;
  /** [0, 1) for the back-off jitter; injectable for tests */
  random?: () => number;
}

export const BASE_BACKOFF_MS = 100;

/**
 * Calls a model: its providers in routing order (the next one on failure), the whole routing
 * repeated up to `num_retries` more times while the failure is retryable (network, timeout,
 * 408, 429, 5xx). The wait is exponential back-off from 100 ms with jitter, capped at
 * `max_delay_s`, and never shorter than the provider's Retry-After; a Retry-After longer than
 * `max_delay_s` ends the retries at once with an error saying so. Each attempt has its own
 * timeout (the smallest of the global, variant, model and provider timeouts).
 */
export async function callModel(models: ModelResolver, modelName: string, request: ProviderRequest, options: CallModelOptions): Promise<ModelCallResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callOnce(models, modelName, request, options);
    } catch (err) {
      if (!(err instanceof ProviderError) || !err.retryable || attempt >= options.retries.numRetries) throw err;
      const decision = backoffDelay({
        attempt,
        baseDelayMs: BASE_BACKOFF_MS,
        maxDelayMs: options.retries.maxDelayS * 1000,
        retryAfterMs: err.retryAfterMs,
        random: options.random,
      });
      if (!decision.retry) {
        throw new ProviderError(`${stripName(err)} (not retried: ${decision.reason})`, err.providerName, err.status, false, { kind: err.kind, retryAfterMs: err.retryAfterMs, cause: err });
      }
      await sleep(decision.delayMs);
    }
  }
}

async function callOnce(models: ModelResolver, modelName: string, request: ProviderRequest, options: CallModelOptions): Promise<ModelCallResult> {
  const model = models.resolve(modelName, options.credentials);
  const failures: ProviderError[] = [];
  for (const entry of model.providers) {
    if (entry.failure || !entry.provider) {
      failures.push(entry.failure ?? new ProviderError('provider unavailable', entry.name, undefined, false, { kind: 'config' }));
      continue;
    }
    const timeouts = [options.globalTimeoutMs, options.variantTimeoutMs, model.timeoutMs, entry.timeoutMs].filter((t): t is number => t !== undefined);
    const started = performance.now();
    try {
      const response = await entry.provider.complete(request, { signal: AbortSignal.timeout(Math.min(...timeouts)) });
      return { response, providerName: entry.name, responseTimeMs: Math.round(performance.now() - started) };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  const retryable = failures.filter((f) => f.retryable);
  const hints = retryable.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  throw new ProviderError(
    `all providers of model '${modelName}' failed: ${failures.map((f) => f.message).join('; ')}`,
    modelName,
    failures[failures.length - 1]?.status,
    retryable.length > 0,
    { kind: failures[failures.length - 1]?.kind, retryAfterMs: hints.length > 0 ? Math.max(...hints) : undefined },
  );
}

/** The message without the `<provider>: ` prefix the constructor adds again. */
function stripName(err: ProviderError): string {
  const prefix = `${err.providerName}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}
