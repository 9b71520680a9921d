/**
 * Wraps a `ModelProvider` so its calls take a permit from a shared per-key limiter first
 * (key = provider type + API base: every model on one upstream shares its limit). Waiting for
 * a permit counts against the call's own timeout, which aborts the wait.
 */
import type { KeyedLimiter } from '../scheduler/keyed-limiter';
import { abortedProviderError, ProviderError, type ModelProvider } from './types';

export function withConcurrencyLimit(provider: ModelProvider, limiter: KeyedLimiter, key: string): ModelProvider {
  return {
    providerName: provider.providerName,
    modelName: provider.modelName,
    close: () => provider.close(),
    complete: async (request, options = {}) => {
      try {
        return await limiter.run(key, () => provider.complete(request, options), options.signal);
      } catch (err) {
        if (err instanceof ProviderError) throw err;
        if (options.signal?.aborted) {
          throw abortedProviderError(options.signal, provider.providerName, { during: 'while waiting for a concurrency slot' });
        }
        throw err;
      }
    },
  };
}
