/**
 * Every provider type the built-in gateway calls, each with the upstream it runs against and
 * the cases that apply to it. A case that cannot apply is left out here (not skipped); the
 * README in this folder says why for each.
 */
import { createFakeBackedProvider } from './fake-backed-provider';
import { createSimBackedProvider } from './sim-backed-provider';
import type { ProviderContractCase, ProviderRegistryEntry } from './types';
import { anthropicWire, geminiWire, openAiWire } from './wire-dialects';

const ALL_CASES: readonly ProviderContractCase[] = [
  'chat',
  'json_mode',
  'tools',
  'usage_and_cost',
  'auth_error',
  'bad_request_error',
  'server_error',
  'rate_limit_retry_after',
  'attempt_timeout',
];

/** The simulator has no credentials and fails only on requests it cannot serve. */
const SIM_CASES = ALL_CASES.filter((c) => !['auth_error', 'server_error', 'rate_limit_retry_after'].includes(c));

export const PROVIDER_REGISTRY: readonly ProviderRegistryEntry[] = [
  {
    label: 'openai',
    cases: ALL_CASES,
    create: () => createFakeBackedProvider({ type: 'openai', modelName: 'gpt-4o-mini', wire: openAiWire(), apiKey: 'sk-proj-contract-0123456789' }),
  },
  {
    label: 'anthropic',
    cases: ALL_CASES,
    create: () => createFakeBackedProvider({ type: 'anthropic', modelName: 'claude-3-5-haiku-latest', wire: anthropicWire, apiKey: 'sk-ant-api03-contract-0123456789' }),
  },
  {
    label: 'google_ai_studio_gemini',
    cases: ALL_CASES,
    create: () => createFakeBackedProvider({ type: 'google_ai_studio_gemini', modelName: 'gemini-2.0-flash', wire: geminiWire, apiKey: 'AIzaSyContract0123456789' }),
  },
  {
    label: 'fireworks',
    cases: ALL_CASES,
    create: () =>
      createFakeBackedProvider({ type: 'fireworks', modelName: 'accounts/fireworks/models/llama-v3p1-8b-instruct', wire: openAiWire(), apiKey: 'fw_contract0123456789' }),
  },
  {
    label: 'vllm (OpenAI-compatible, api_base)',
    cases: ALL_CASES,
    create: () => createFakeBackedProvider({ type: 'vllm', modelName: 'Qwen/Qwen2.5-0.5B-Instruct', wire: openAiWire('vllm'), apiKey: 'vllm-contract-0123456789' }),
  },
  {
    label: 'sglang (OpenAI-compatible, api_base)',
    cases: ALL_CASES,
    create: () => createFakeBackedProvider({ type: 'sglang', modelName: 'Qwen/Qwen2.5-0.5B-Instruct', wire: openAiWire('vllm'), apiKey: 'sglang-contract-0123456789' }),
  },
  {
    label: 'sim (real simulator server)',
    cases: SIM_CASES,
    create: createSimBackedProvider,
  },
];
