// Model providers: the interface, the SDK-backed real providers, and the thin client for the simulator.
export * from './types';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from './openai-compatible';
export { createOpenAiProvider } from './openai-provider';
export { createAnthropicProvider } from './anthropic-provider';
export { createGeminiProvider } from './gemini-provider';
export { createOpenAiCompatibleSdkProvider, type OpenAiCompatibleSdkOptions } from './openai-compatible-sdk-provider';
export { withConcurrencyLimit } from './limited-provider';
export type { RemoteProviderOptions } from './remote-provider-options';
