/**
 * `type = "openai"` through the official OpenAI AI SDK provider (chat completions): json
 * schemas and tools are strict when the request says so (OpenAI's structured outputs),
 * `parallel_tool_calls`, `reasoning_effort`, `service_tier` and `verbosity` pass through.
 */
import type * as OpenAiSdk from '@ai-sdk/openai';
import type { JSONValue } from '@ai-sdk/provider';
import { withoutCredentialHeader, type RemoteProviderOptions } from './remote-provider-options';
import { createSdkProvider } from './sdk-provider';
import type { ModelProvider, ProviderRequest } from './types';

export function createOpenAiProvider(config: RemoteProviderOptions): ModelProvider {
  // required here, not at load: the SDK packages cost ~39 ms to load, and most runs only call the simulator
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  const { createOpenAI } = require('@ai-sdk/openai') as typeof OpenAiSdk;
  const sdk = createOpenAI({ baseURL: config.apiBase, apiKey: config.apiKey ?? '', headers: withoutCredentialHeader(config.apiKey, 'Authorization') });
  return createSdkProvider({
    ...config,
    model: sdk.chat(config.modelName),
    customise: (request, options) => ({ options: { ...options, providerOptions: { openai: openAiOptions(request) } } }),
  });
}

function openAiOptions(request: ProviderRequest): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {};
  const hasTools = !!request.tools && request.tools.length > 0;
  // The SDK has one strictness switch for the response schema and every tool.
  const strict = request.responseFormat?.type === 'json_schema' ? request.responseFormat.strict : hasTools && request.tools!.every((t) => t.strict === true);
  if (strict) out.strictJsonSchema = true;
  if (hasTools && request.parallelToolCalls !== undefined) out.parallelToolCalls = request.parallelToolCalls;
  if (request.reasoningEffort !== undefined) out.reasoningEffort = request.reasoningEffort;
  if (request.serviceTier !== undefined) out.serviceTier = request.serviceTier;
  if (request.verbosity !== undefined) out.textVerbosity = request.verbosity;
  return out;
}
