import { withConcurrencyLimit } from '../../providers/limited-provider';
import { ProviderError, type ModelProvider } from '../../providers/types';
import { KeyedLimiter } from '../../scheduler/keyed-limiter';
import type { GatewayConfig, ModelProviderConfig } from '../config/types';
import { HttpError } from '../http/http-error';
import { localProviderTimeoutMs, planProvider } from './create-provider';
import { checkProviderConcurrencyVariables, providerConcurrencyLimit } from './provider-concurrency';
import { parseShorthand, SHORTHAND_PROVIDER_TYPES } from './shorthand';

export { SIM_URL_VARIABLE } from './create-provider';

/** One provider of a model, in routing order; `failure` is set when it cannot be built (e.g. missing key). */
export interface ResolvedProvider {
  name: string;
  type: string;
  provider?: ModelProvider;
  failure?: ProviderError;
  timeoutMs?: number;
}

export interface ResolvedModel {
  name: string;
  providers: ResolvedProvider[];
  timeoutMs?: number;
}

export interface ModelResolverOptions {
  config: GatewayConfig;
  env: NodeJS.ProcessEnv;
}

/** Providers kept for reuse (SDK clients are not free to build); the oldest is evicted when full. */
const MAX_CACHED_PROVIDERS = 256;

/**
 * Turns a model name into providers to try in order. `[models]` keys win over short-hands;
 * `sim::<tier>` is the simulated provider at $AUTOPILOT_BENCH_SIM_URL. Unknown names → 404.
 * Every provider shares a concurrency limit with the others on its upstream (type + API base).
 */
export function createModelResolver(options: ModelResolverOptions) {
  const { config, env } = options;
  checkProviderConcurrencyVariables(env);
  const localTimeoutMs = localProviderTimeoutMs(env);
  // limiter key → its provider type (from the plan), read when the key's first call takes a permit
  const limiterKeyTypes = new Map<string, string>();
  const limiter = new KeyedLimiter((key) => providerConcurrencyLimit(limiterKeyTypes.get(key) as string, env));
  const cache = new Map<string, ModelProvider>();

  function build(providerConfig: ModelProviderConfig, credentials: Record<string, string>): ResolvedProvider {
    const base = { name: providerConfig.name, type: providerConfig.type, timeoutMs: providerConfig.timeoutMs };
    try {
      const plan = planProvider(providerConfig, env, credentials);
      let provider = cache.get(plan.cacheKey);
      if (!provider) {
        if (cache.size >= MAX_CACHED_PROVIDERS) cache.delete(cache.keys().next().value as string);
        limiterKeyTypes.set(plan.limiterKey, plan.providerType);
        provider = withConcurrencyLimit(plan.make(), limiter, plan.limiterKey);
        cache.set(plan.cacheKey, provider);
      }
      return { ...base, provider };
    } catch (err) {
      if (err instanceof ProviderError) return { ...base, failure: err };
      throw err;
    }
  }

  return {
    resolve(modelName: string, credentials: Record<string, string> = {}): ResolvedModel {
      const configured = config.models[modelName];
      if (configured) {
        return {
          name: modelName,
          timeoutMs: configured.timeoutMs,
          providers: configured.routing.map((providerName) => build(configured.providers[providerName], credentials)),
        };
      }
      const shorthand = parseShorthand(modelName);
      if (!shorthand || !shorthand.modelName || !(SHORTHAND_PROVIDER_TYPES as readonly string[]).includes(shorthand.providerType)) {
        throw new HttpError(404, `unknown model '${modelName}': not a [models] entry nor a "provider::model" short-hand`);
      }
      const providerConfig: ModelProviderConfig = {
        name: shorthand.providerType,
        type: shorthand.providerType,
        modelName: shorthand.modelName,
        apiKeyLocations: [{ kind: 'default' }],
        // a CPU-run local model: the worker's configured limit per call
        timeoutMs: shorthand.providerType === 'local' ? localTimeoutMs : undefined,
      };
      return { name: modelName, providers: [build(providerConfig, credentials)] };
    },
  };
}

export type ModelResolver = ReturnType<typeof createModelResolver>;
