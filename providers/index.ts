// Model providers: the interface and the OpenAI-compatible client.
export * from './types';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from './openai-compatible';
