/**
 * A thin hand-written client for OpenAI's chat-completions wire format over node:http
 * (http-post.ts). It serves the simulated provider (`sim`), the gateway's hot path; real
 * providers go through the AI SDK (openai-provider.ts, openai-compatible-sdk-provider.ts, ...).
 */
import { errorMessageOf } from '../common/error-body';
import { redactSecrets } from '../common/secrets';
import { parseRetryAfterMs } from '../scheduler/retry-after';
import { isTransientStatus } from '../scheduler/retry-policy';
import { postJson, type HttpPostResponse } from './http-post';
import { fromOpenAiChatResponse, MalformedProviderResponseError, toOpenAiChatBody } from './openai-wire';
import { abortedProviderError, ProviderError, type CompleteOptions, type ModelProvider, type ProviderRequest, type ProviderResponse } from './types';

export interface OpenAiCompatibleProviderOptions {
  /** e.g. `https://api.openai.com/v1/`; `chat/completions` is appended */
  apiBase: string;
  /** sent as `Authorization: Bearer …` when set */
  apiKey?: string;
  modelName: string;
  providerName: string;
}

const MAX_ERROR_BODY_CHARS = 500;

/** A client for any server that speaks OpenAI's chat-completions wire format (OpenAI, Fireworks, vLLM, SGLang, the simulator). */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): ModelProvider {
  const { apiKey, modelName, providerName } = options;
  const endpointUrl = new URL('chat/completions', options.apiBase.endsWith('/') ? options.apiBase : `${options.apiBase}/`);
  const endpoint = endpointUrl.toString();
  // Keep the key out of anything we return or throw, even if a server echoes it back.
  const scrub = (text: string) => redactSecrets(text, apiKey ? [apiKey] : []);

  async function complete(request: ProviderRequest, callOptions: CompleteOptions = {}): Promise<ProviderResponse> {
    const rawRequest = JSON.stringify(toOpenAiChatBody(modelName, request));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;

    let response: HttpPostResponse;
    try {
      response = await postJson(endpointUrl, rawRequest, headers, callOptions.signal);
    } catch (err) {
      if (callOptions.signal?.aborted) throw abortedProviderError(callOptions.signal, providerName);
      throw new ProviderError(`request to ${endpoint} failed: ${scrub(describe(err))}`, providerName, undefined, true, { kind: 'network' });
    }

    const rawResponse = response.body;
    if (response.status < 200 || response.status >= 300) {
      const detail = scrub(errorDetail(rawResponse) ?? response.statusText);
      throw new ProviderError(`HTTP ${response.status}: ${detail}`, providerName, response.status, isTransientStatus(response.status), {
        retryAfterMs: parseRetryAfterMs(response.headers),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(rawResponse);
    } catch {
      throw new ProviderError(`response is not JSON: ${scrub(rawResponse.slice(0, MAX_ERROR_BODY_CHARS))}`, providerName, 502, false, { kind: 'invalid_response' });
    }
    try {
      return fromOpenAiChatResponse(json, rawRequest, scrub(rawResponse));
    } catch (err) {
      if (err instanceof MalformedProviderResponseError) throw new ProviderError(`malformed response: ${err.message}`, providerName, 502, false, { kind: 'invalid_response' });
      throw err;
    }
  }

  return { providerName, modelName, complete, close: async () => {} };
}

/** The `error.message` of an OpenAI-style error body, or a prefix of the body text. */
function errorDetail(body: string): string | undefined {
  return errorMessageOf(body) ?? (body ? body.slice(0, MAX_ERROR_BODY_CHARS) : undefined);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
