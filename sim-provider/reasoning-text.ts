/**
 * The visible reasoning of a simulated model asked to "think step by step" into a JSON key:
 * a short, deterministic note (no random draws, so adding it never changes any other outcome of
 * the same request). Only its length matters to the simulation: it costs output tokens and time.
 */
import { messageText, lastUserText, type ChatCompletionRequest } from './openai-wire';

function firstWords(text: string, n: number): string {
  return text.replace(/\s+/g, ' ').trim().split(' ').slice(0, n).join(' ');
}

/** One to three sentences about the last user message and the answer's keys. */
export function reasoningNote(request: ChatCompletionRequest, answerKeys: string[]): string {
  const input = firstWords(lastUserText(request) || request.messages.map(messageText).join(' '), 12);
  const keys = answerKeys.length > 0 ? ` I fill ${answerKeys.map((k) => `"${k}"`).join(', ')} from what it states.` : '';
  return `The input starts "${input}". I go through it step by step and keep only what it supports.${keys}`;
}

/**
 * The answer object with the reasoning as its first key, or null when it cannot be added: the key
 * is already there, or a strict response schema would not allow it (constrained decoding).
 */
export function withReasoning(
  request: ChatCompletionRequest,
  answer: Record<string, unknown>,
  reasoningKey: string,
): Record<string, unknown> | null {
  if (reasoningKey in answer) return null;
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const schema = format.json_schema.schema ?? {};
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    if (!(reasoningKey in properties) && schema.additionalProperties === false) return null;
  }
  return { [reasoningKey]: reasoningNote(request, Object.keys(answer)), ...answer };
}
