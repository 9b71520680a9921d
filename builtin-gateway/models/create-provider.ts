/**
 * Plans the `ModelProvider` for one `[models.X.providers.Y]` entry (or a short-hand): the
 * simulator on the thin fetch client, real providers through the AI SDK. Throws a
 * `ProviderError` when it cannot (missing key, unset simulator URL, unsupported type).
 * Building is deferred (`make`) so the resolver can reuse an equal provider it already holds.
 */
import { createAnthropicProvider } from '../../providers/anthropic-provider';
import { createGeminiProvider } from '../../providers/gemini-provider';
import { createOpenAiCompatibleProvider } from '../../providers/openai-compatible';
import { createOpenAiCompatibleSdkProvider } from '../../providers/openai-compatible-sdk-provider';
import { createOpenAiProvider } from '../../providers/openai-provider';
import { ProviderError, UnsupportedProviderError, type ModelProvider } from '../../providers/types';
import type { ModelProviderConfig } from '../config/types';
import { resolveApiKey } from './credentials';
import { resolveApiBase } from './provider-endpoints';

export const SIM_URL_VARIABLE = 'AUTOPILOT_BENCH_SIM_URL';
/** The worker's local llama.cpp server for `local::<model>` (local-models/). */
export const LOCAL_URL_VARIABLE = 'AUTOPILOT_BENCH_LOCAL_URL';

/** ms one call to the local server may take (the worker sets it from infra.local_model_timeout). */
export const LOCAL_TIMEOUT_VARIABLE = 'AUTOPILOT_BENCH_LOCAL_TIMEOUT_MS';

/**
 * The provider timeout of a `local::` short-hand: $AUTOPILOT_BENCH_LOCAL_TIMEOUT_MS, else none
 * (the gateway's global and variant timeouts still apply; node:http has no header limit of its own).
 */
export function localProviderTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[LOCAL_TIMEOUT_VARIABLE];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${LOCAL_TIMEOUT_VARIABLE} must be a positive integer of milliseconds, got '${raw}'`);
  return ms;
}

/** Our loopback providers on the thin client: the type → the variable holding its base URL. */
const LOOPBACK_PROVIDERS: Readonly<Record<string, { variable: string; what: string }>> = {
  sim: { variable: SIM_URL_VARIABLE, what: 'the simulated provider' },
  local: { variable: LOCAL_URL_VARIABLE, what: "the worker's local inference server" },
};

/** How to build a provider, and the key its upstream's concurrency limit is shared under. */
export interface ProviderPlan {
  make: () => ModelProvider;
  /** the provider type, whose concurrency limit applies under `limiterKey` */
  providerType: string;
  /** `<type> <api base>` */
  limiterKey: string;
  /** identifies an equal provider for the resolver's cache (contains the API key: never log it) */
  cacheKey: string;
}

export function planProvider(config: ModelProviderConfig, env: NodeJS.ProcessEnv, credentials: Record<string, string>): ProviderPlan {
  const modelName = config.modelName ?? '';
  const providerName = config.name;
  const loopback = LOOPBACK_PROVIDERS[config.type];
  if (loopback) {
    const apiBase = env[loopback.variable];
    if (!apiBase) {
      throw new ProviderError(`${loopback.variable} is not set; it must point at ${loopback.what} (e.g. http://127.0.0.1:PORT/v1/)`, providerName, undefined, false, { kind: 'config' });
    }
    return plan(config.type, apiBase, providerName, modelName, undefined, () => createOpenAiCompatibleProvider({ apiBase, modelName, providerName }));
  }
  const apiBase = resolveApiBase(config.type, config.apiBase, env);
  const make = pickFactory(config.type);
  if (!make) throw new UnsupportedProviderError(config.type, providerName);
  if (!apiBase) throw new ProviderError(`api_base is required for provider type '${config.type}'`, providerName, undefined, false, { kind: 'config' });
  const apiKey = resolveApiKey(config.apiKeyLocations, config.type, providerName, env, credentials);
  return plan(config.type, apiBase, providerName, modelName, apiKey, () => make({ apiBase, apiKey, modelName, providerName, providerType: config.type }));
}

type Factory = (options: { apiBase: string; apiKey?: string; modelName: string; providerName: string; providerType: string }) => ModelProvider;

function pickFactory(type: string): Factory | undefined {
  switch (type) {
    case 'openai':
      return createOpenAiProvider;
    case 'anthropic':
      return createAnthropicProvider;
    case 'google_ai_studio_gemini':
      return createGeminiProvider;
    case 'fireworks':
    case 'vllm':
    case 'sglang':
      return createOpenAiCompatibleSdkProvider;
    default:
      return undefined;
  }
}

function plan(type: string, apiBase: string, providerName: string, modelName: string, apiKey: string | undefined, make: () => ModelProvider): ProviderPlan {
  return { make, providerType: type, limiterKey: `${type} ${apiBase}`, cacheKey: JSON.stringify([type, apiBase, providerName, modelName, apiKey ?? null]) };
}
