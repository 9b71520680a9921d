import { createOpenAiCompatibleProvider } from '../../providers/openai-compatible';
import { ProviderError, UnsupportedProviderError, type ModelProvider } from '../../providers/types';
import type { GatewayConfig, ModelProviderConfig } from '../config/types';
import { HttpError } from '../http/http-error';
import { resolveApiKey } from './credentials';
import { parseShorthand, SHORTHAND_PROVIDER_TYPES } from './shorthand';

export const SIM_URL_VARIABLE = 'AUTOPILOT_BENCH_SIM_URL';
const OPENAI_API_BASE = 'https://api.openai.com/v1/';
const FIREWORKS_API_BASE = 'https://api.fireworks.ai/inference/v1/';

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

/**
 * Turns a model name into providers to try in order. `[models]` keys win over short-hands;
 * `sim::<tier>` is the simulated provider at $AUTOPILOT_BENCH_SIM_URL. Unknown names → 404.
 */
export function createModelResolver(options: ModelResolverOptions) {
  const { config, env } = options;
  return {
    resolve(modelName: string, credentials: Record<string, string> = {}): ResolvedModel {
      const configured = config.models[modelName];
      if (configured) {
        return {
          name: modelName,
          timeoutMs: configured.timeoutMs,
          providers: configured.routing.map((providerName) => build(configured.providers[providerName], env, credentials)),
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
      };
      return { name: modelName, providers: [build(providerConfig, env, credentials)] };
    },
  };
}

export type ModelResolver = ReturnType<typeof createModelResolver>;

function build(config: ModelProviderConfig, env: NodeJS.ProcessEnv, credentials: Record<string, string>): ResolvedProvider {
  const base = { name: config.name, type: config.type, timeoutMs: config.timeoutMs };
  try {
    return { ...base, provider: createProvider(config, env, credentials) };
  } catch (err) {
    if (err instanceof ProviderError) return { ...base, failure: err };
    throw err;
  }
}

function createProvider(config: ModelProviderConfig, env: NodeJS.ProcessEnv, credentials: Record<string, string>): ModelProvider {
  const modelName = config.modelName ?? '';
  const key = () => resolveApiKey(config.apiKeyLocations, config.type, config.name, env, credentials);
  switch (config.type) {
    case 'sim': {
      const apiBase = env[SIM_URL_VARIABLE];
      if (!apiBase) {
        throw new ProviderError(`${SIM_URL_VARIABLE} is not set; it must point at the simulated provider (e.g. http://127.0.0.1:PORT/v1/)`, config.name, undefined, false);
      }
      return createOpenAiCompatibleProvider({ apiBase, modelName, providerName: config.name });
    }
    case 'openai':
      return createOpenAiCompatibleProvider({ apiBase: config.apiBase ?? OPENAI_API_BASE, apiKey: key(), modelName, providerName: config.name });
    case 'fireworks':
      return createOpenAiCompatibleProvider({ apiBase: config.apiBase ?? FIREWORKS_API_BASE, apiKey: key(), modelName, providerName: config.name });
    case 'vllm':
    case 'sglang':
      return createOpenAiCompatibleProvider({ apiBase: config.apiBase as string, apiKey: key(), modelName, providerName: config.name });
    default:
      throw new UnsupportedProviderError(config.type, config.name);
  }
}
