/**
 * `type = "google_ai_studio_gemini"` through the Google Generative AI SDK provider
 * (`models/{model}:generateContent`). json_mode `strict` → `responseMimeType` +
 * `responseSchema`; `on` → `responseMimeType` only. Gemini has no parallel-tool-call switch.
 */
import type * as GoogleSdk from '@ai-sdk/google';
import { withoutCredentialHeader, type RemoteProviderOptions } from './remote-provider-options';
import { createSdkProvider } from './sdk-provider';
import type { ModelProvider } from './types';

export function createGeminiProvider(config: RemoteProviderOptions): ModelProvider {
  // required here, not at load: the SDK packages cost ~39 ms to load, and most runs only call the simulator
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  const { createGoogleGenerativeAI } = require('@ai-sdk/google') as typeof GoogleSdk;
  const sdk = createGoogleGenerativeAI({ baseURL: config.apiBase, apiKey: config.apiKey ?? '', headers: withoutCredentialHeader(config.apiKey, 'x-goog-api-key') });
  return createSdkProvider({
    ...config,
    model: sdk.chat(config.modelName),
    customise: (request, options) => ({
      options: { ...options, providerOptions: { google: { structuredOutputs: request.responseFormat?.type === 'json_schema' } } },
    }),
  });
}
