/**
 * Maps the result of an AI SDK model's `doGenerate` to a provider-neutral `ProviderResponse`:
 * text parts joined, tool calls with their argument text, usage (plus `usage.cost` when the
 * raw body carries one, as the simulator's does), the finish reason, and the raw request and
 * response bodies with the API key redacted.
 */
import type { LanguageModelV2 } from '@ai-sdk/provider';
import { redactSecrets } from '../common/secrets';
import type { FinishReason, ProviderResponse, ProviderToolCall, ProviderUsage } from './types';

export type SdkGenerateResult = Awaited<ReturnType<LanguageModelV2['doGenerate']>>;

export interface FromSdkOptions {
  apiKey?: string;
  /** prepended to the text (Anthropic JSON prefill: the `{` we put in the model's mouth) */
  textPrefix?: string;
}

export function fromSdkResult(result: SdkGenerateResult, options: FromSdkOptions = {}): ProviderResponse {
  const texts: string[] = [];
  const toolCalls: ProviderToolCall[] = [];
  for (const part of result.content) {
    if (part.type === 'text') texts.push(part.text);
    if (part.type === 'tool-call' && !part.providerExecuted) toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
  }
  let text = texts.length > 0 ? texts.join('') : null;
  if (options.textPrefix && text !== null) text = options.textPrefix + text;
  const rawBody = result.response?.body;
  return {
    text,
    toolCalls,
    usage: usageOf(result, rawBody),
    finishReason: finishReasonOf(result.finishReason, rawBody),
    rawRequest: redactSecrets(asText(result.request?.body), options.apiKey ? [options.apiKey] : []),
    rawResponse: redactSecrets(asText(rawBody), options.apiKey ? [options.apiKey] : []),
  };
}

function usageOf(result: SdkGenerateResult, rawBody: unknown): ProviderUsage {
  const usage: ProviderUsage = { inputTokens: result.usage.inputTokens ?? null, outputTokens: result.usage.outputTokens ?? null };
  const cost = record(record(rawBody)?.usage)?.cost;
  if (typeof cost === 'number' && Number.isFinite(cost)) usage.cost = cost;
  return usage;
}

function finishReasonOf(reason: SdkGenerateResult['finishReason'], rawBody: unknown): FinishReason {
  switch (reason) {
    case 'stop':
      // the SDK folds Anthropic's `stop_sequence` into `stop`; keep the distinction
      return record(rawBody)?.stop_reason === 'stop_sequence' ? 'stop_sequence' : 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_call';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'unknown';
  }
}

function asText(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
