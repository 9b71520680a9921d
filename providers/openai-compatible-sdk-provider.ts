/**
 * Fireworks, vLLM, SGLang (and any OpenAI-compatible server) through the AI SDK's
 * OpenAI-compatible provider. That provider has no switch for `strict` tools or schemas, so
 * we pass them as provider options: the json schema `response_format` (with `strict`) and
 * `parallel_tool_calls` go into the body as-is, and the names of strict tools travel in a
 * private body key that `transformRequestBody` turns into `function.strict` and removes.
 */
import type * as OpenAiCompatibleSdk from '@ai-sdk/openai-compatible';
import type { JSONValue } from '@ai-sdk/provider';
import type { RemoteProviderOptions } from './remote-provider-options';
import { createSdkProvider } from './sdk-provider';
import type { ModelProvider, ProviderRequest } from './types';

const STRICT_TOOLS_KEY = 'x_autopilot_bench_strict_tools';

export interface OpenAiCompatibleSdkOptions extends RemoteProviderOptions {
  /** the provider type (`fireworks`, `vllm`, ...), used as the SDK provider's name */
  providerType: string;
}

export function createOpenAiCompatibleSdkProvider(config: OpenAiCompatibleSdkOptions): ModelProvider {
  const name = config.providerType.replace(/[^A-Za-z0-9_-]/g, '_');
  // required here, not at load: the SDK packages cost ~39 ms to load, and most runs only call the simulator
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  const { createOpenAICompatible } = require('@ai-sdk/openai-compatible') as typeof OpenAiCompatibleSdk;
  const sdk = createOpenAICompatible({
    name,
    baseURL: config.apiBase.replace(/\/+$/, ''),
    apiKey: config.apiKey,
    supportsStructuredOutputs: true,
    transformRequestBody: markStrictTools,
  });
  return createSdkProvider({
    ...config,
    model: sdk.chatModel(config.modelName),
    customise: (request, options) => ({ options: { ...options, providerOptions: { [name]: compatibleOptions(request) } } }),
  });
}

function compatibleOptions(request: ProviderRequest): Record<string, JSONValue> {
  const out: Record<string, JSONValue> = {};
  const tools = request.tools ?? [];
  if (tools.length > 0 && request.parallelToolCalls !== undefined) out.parallel_tool_calls = request.parallelToolCalls;
  const strictTools = tools.filter((t) => t.strict).map((t) => t.name);
  if (strictTools.length > 0) out[STRICT_TOOLS_KEY] = strictTools;
  if (request.responseFormat?.type === 'json_schema') {
    const { name, schema, strict } = request.responseFormat;
    out.response_format = { type: 'json_schema', json_schema: { name, schema: schema as JSONValue, strict } };
  }
  if (request.reasoningEffort !== undefined) out.reasoningEffort = request.reasoningEffort;
  if (request.verbosity !== undefined) out.textVerbosity = request.verbosity;
  if (request.serviceTier !== undefined) out.service_tier = request.serviceTier;
  return out;
}

function markStrictTools(body: Record<string, unknown>): Record<string, unknown> {
  const strict = body[STRICT_TOOLS_KEY];
  if (!Array.isArray(strict)) return body;
  const { [STRICT_TOOLS_KEY]: _, ...rest } = body;
  if (Array.isArray(rest.tools)) {
    rest.tools = rest.tools.map((tool: { function?: { name?: string } }) =>
      tool.function?.name && strict.includes(tool.function.name) ? { ...tool, function: { ...tool.function, strict: true } } : tool,
    );
  }
  return rest;
}
