/**
 * `type = "anthropic"` through the Anthropic AI SDK provider (Messages API). json_mode
 * `strict` → native structured outputs (`output_config.format`); `on` → the JSON prefill
 * (an assistant turn starting with `{`, which we put back in front of the answer), as
 * TensorZero does; `parallel_tool_calls = false` → `disable_parallel_tool_use`.
 */
import type * as AnthropicSdk from '@ai-sdk/anthropic';
import type { JSONValue } from '@ai-sdk/provider';
import { withoutCredentialHeader, type RemoteProviderOptions } from './remote-provider-options';
import { createSdkProvider } from './sdk-provider';
import type { ModelProvider } from './types';

const ANTHROPIC_JSON_PREFILL = '{';

export function createAnthropicProvider(config: RemoteProviderOptions): ModelProvider {
  // required here, not at load: the SDK packages cost ~39 ms to load, and most runs only call the simulator
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  const { createAnthropic } = require('@ai-sdk/anthropic') as typeof AnthropicSdk;
  const sdk = createAnthropic({ baseURL: config.apiBase, apiKey: config.apiKey ?? '', headers: withoutCredentialHeader(config.apiKey, 'x-api-key') });
  return createSdkProvider({
    ...config,
    model: sdk.messages(config.modelName),
    customise: (request, options) => {
      const anthropic: Record<string, JSONValue> = {};
      if (request.tools?.length && request.parallelToolCalls === false) anthropic.disableParallelToolUse = true;
      if (request.responseFormat?.type === 'json_schema') anthropic.structuredOutputMode = request.responseFormat.strict ? 'outputFormat' : 'jsonTool';
      if (request.responseFormat?.type === 'json_object') {
        const prompt = [...options.prompt, { role: 'assistant' as const, content: [{ type: 'text' as const, text: ANTHROPIC_JSON_PREFILL }] }];
        return { options: { ...options, prompt, responseFormat: undefined, providerOptions: { anthropic } }, textPrefix: ANTHROPIC_JSON_PREFILL };
      }
      return { options: { ...options, providerOptions: { anthropic } } };
    },
  });
}
