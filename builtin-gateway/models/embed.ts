/**
 * Embeddings for dynamic in-context learning: `[embedding_models]` entries (providers in routing
 * order, the next on failure) or `provider::model` short-hands, called on the OpenAI-compatible
 * `POST <api_base>/embeddings` route. `sim::<name>` is the simulated provider's embeddings.
 */
import { postJson } from '../../providers/http-post';
import { abortedProviderError, ProviderError } from '../../providers/types';
import type { GatewayConfig, ModelProviderConfig } from '../config/types';
import { EMBEDDING_PROVIDER_TYPES } from '../config/unservable-variants';
import { SIM_URL_VARIABLE } from './create-provider';
import { resolveApiKey } from './credentials';
import { resolveApiBase } from './provider-endpoints';
import { parseShorthand } from './shorthand';

export interface EmbeddingResult {
  embedding: number[];
  providerName: string;
}

export async function embedText(
  config: GatewayConfig,
  env: NodeJS.ProcessEnv,
  modelName: string,
  text: string,
  options: { credentials?: Record<string, string>; timeoutMs: number },
): Promise<EmbeddingResult> {
  const configured = config.embeddingModels[modelName];
  const shorthand = parseShorthand(modelName);
  const providers: ModelProviderConfig[] = configured
    ? configured.routing.map((name) => configured.providers[name])
    : [{ name: shorthand?.providerType ?? modelName, type: shorthand?.providerType ?? '', modelName: shorthand?.modelName, apiKeyLocations: [{ kind: 'default' }] }];
  const timeoutMs = Math.min(options.timeoutMs, configured?.timeoutMs ?? Infinity);
  const failures: string[] = [];
  for (const provider of providers) {
    try {
      return { embedding: await embedWith(provider, env, text, options.credentials ?? {}, Math.min(timeoutMs, provider.timeoutMs ?? Infinity)), providerName: provider.name };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push(err.message);
    }
  }
  throw new ProviderError(`embedding model '${modelName}' failed: ${failures.join('; ')}`, modelName, undefined, false, { kind: 'server' });
}

async function embedWith(provider: ModelProviderConfig, env: NodeJS.ProcessEnv, text: string, credentials: Record<string, string>, timeoutMs: number): Promise<number[]> {
  if (!(EMBEDDING_PROVIDER_TYPES as readonly string[]).includes(provider.type)) {
    throw new ProviderError(`provider type '${provider.type}' cannot make embeddings in the built-in gateway`, provider.name, undefined, false, { kind: 'config' });
  }
  const apiBase = provider.type === 'sim' ? env[SIM_URL_VARIABLE] : resolveApiBase(provider.type, provider.apiBase, env);
  if (!apiBase) throw new ProviderError(`no API base for provider type '${provider.type}' (for sim: set ${SIM_URL_VARIABLE})`, provider.name, undefined, false, { kind: 'config' });
  const apiKey = provider.type === 'sim' ? undefined : resolveApiKey(provider.apiKeyLocations, provider.type, provider.name, env, credentials);
  const url = new URL('embeddings', apiBase.endsWith('/') ? apiBase : `${apiBase}/`);
  const signal = AbortSignal.timeout(timeoutMs);
  let response;
  try {
    response = await postJson(url, JSON.stringify({ model: provider.modelName, input: text, encoding_format: 'float' }), {
      'content-type': 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    }, signal);
  } catch (err) {
    if (signal.aborted) throw abortedProviderError(signal, provider.name, { during: 'while embedding' });
    throw new ProviderError(`embedding request failed: ${(err as Error).message}`, provider.name, undefined, true, { kind: 'network' });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new ProviderError(`embedding request answered HTTP ${response.status}: ${response.body.slice(0, 300)}`, provider.name, response.status, response.status >= 500 || response.status === 429);
  }
  let embedding: unknown;
  try {
    embedding = (JSON.parse(response.body) as { data?: { embedding?: unknown }[] }).data?.[0]?.embedding;
  } catch {
    embedding = undefined;
  }
  if (!Array.isArray(embedding) || embedding.some((x) => typeof x !== 'number')) {
    throw new ProviderError('embedding response has no data[0].embedding array of numbers', provider.name, response.status, false, { kind: 'invalid_response' });
  }
  return embedding as number[];
}
