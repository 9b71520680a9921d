/**
 * A `ModelProvider` on top of an AI SDK `LanguageModelV2`: calls `doGenerate` directly (no
 * `ai` core, so no hidden retries or tool loops), with the provider module's hook adding its
 * provider-specific call options. Errors become `ProviderError`s (see sdk-errors.ts).
 */
import type { LanguageModelV2, LanguageModelV2CallOptions } from '@ai-sdk/provider';
import { toSdkCallOptions } from './sdk-call-options';
import { toProviderError } from './sdk-errors';
import { fromSdkResult } from './sdk-response';
import type { CompleteOptions, ModelProvider, ProviderRequest, ProviderResponse } from './types';

export interface SdkCallCustomisation {
  options: LanguageModelV2CallOptions;
  /** prepended to the model's text (see `fromSdkResult`) */
  textPrefix?: string;
}

export interface SdkProviderOptions {
  providerName: string;
  modelName: string;
  model: LanguageModelV2;
  apiKey?: string;
  /** provider-specific additions to the common call options */
  customise?: (request: ProviderRequest, options: LanguageModelV2CallOptions) => SdkCallCustomisation;
}

export function createSdkProvider(config: SdkProviderOptions): ModelProvider {
  const { providerName, modelName, model, apiKey } = config;
  async function complete(request: ProviderRequest, callOptions: CompleteOptions = {}): Promise<ProviderResponse> {
    const signal = callOptions.signal;
    try {
      const base = toSdkCallOptions(request, signal);
      const { options, textPrefix } = config.customise ? config.customise(request, base) : { options: base, textPrefix: undefined };
      const result = await model.doGenerate(options);
      return fromSdkResult(result, { apiKey, textPrefix });
    } catch (err) {
      throw toProviderError(err, providerName, apiKey, signal);
    }
  }
  return { providerName, modelName, complete, close: async () => {} };
}
