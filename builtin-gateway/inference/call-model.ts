import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, UnsupportedProviderError, type ProviderRequest, type ProviderResponse } from '../../providers/types';
import type { RetryConfig } from '../config/types';
import { MissingCredentialError } from '../models/credentials';
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
}

const BASE_BACKOFF_MS = 100;

/**
 * Calls a model: its providers in routing order (the next one on failure), the whole
 * routing repeated up to `num_retries` more times with exponential back-off capped at
 * `max_delay_s`. Missing credentials and unsupported provider types are not retried.
 */
export async function callModel(models: ModelResolver, modelName: string, request: ProviderRequest, options: CallModelOptions): Promise<ModelCallResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callOnce(models, modelName, request, options);
    } catch (err) {
      const permanent = !(err instanceof ProviderError) || err instanceof MissingCredentialError || err instanceof UnsupportedProviderError;
      if (permanent || attempt >= options.retries.numRetries) throw err;
      await sleep(Math.min(options.retries.maxDelayS * 1000, BASE_BACKOFF_MS * 2 ** attempt));
    }
  }
}

async function callOnce(models: ModelResolver, modelName: string, request: ProviderRequest, options: CallModelOptions): Promise<ModelCallResult> {
  const model = models.resolve(modelName, options.credentials);
  const failures: ProviderError[] = [];
  for (const entry of model.providers) {
    if (entry.failure || !entry.provider) {
      failures.push(entry.failure ?? new ProviderError('provider unavailable', entry.name, undefined, false));
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
  throw new ProviderError(
    `all providers of model '${modelName}' failed: ${failures.map((f) => f.message).join('; ')}`,
    modelName,
    failures[failures.length - 1]?.status,
    failures.some((f) => f.retryable),
  );
}
