/** Stored inferences as plain text, the way a worked example shows them to a model. */
import type { InferenceInput, InputContentBlock, InputMessage, StoredInferenceWithFeedback } from '../../../gateway/wire';

function argumentsText(args: Record<string, unknown>): string {
  const values = Object.values(args);
  // A single string argument (the usual `user_text`-like schema) reads best as itself.
  if (values.length === 1 && typeof values[0] === 'string') return values[0];
  return JSON.stringify(args);
}

function blockText(block: InputContentBlock): string {
  switch (block.type) {
    case 'text':
      return 'text' in block ? block.text : argumentsText(block.arguments);
    case 'template':
      return argumentsText(block.arguments);
    case 'raw_text':
      return block.value;
    case 'tool_call':
      return `[tool call ${block.name} ${typeof block.arguments === 'string' ? block.arguments : JSON.stringify(block.arguments)}]`;
    case 'tool_result':
      return `[tool result ${block.name}: ${block.result}]`;
    default:
      return '';
  }
}

function messageText(message: InputMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map(blockText).filter(Boolean).join('\n');
}

/** The input: one user message as itself, a conversation as `User:`/`Assistant:` lines. */
export function renderInputText(input: InferenceInput): string {
  const messages = input.messages ?? [];
  const parts: string[] = [];
  if (input.system && typeof input.system === 'object') parts.push(`Context: ${JSON.stringify(input.system)}`);
  if (messages.length === 1 && messages[0].role === 'user') {
    parts.push(messageText(messages[0]));
  } else {
    for (const message of messages) parts.push(`${message.role === 'user' ? 'User' : 'Assistant'}: ${messageText(message)}`);
  }
  return parts.join('\n').trim();
}

/** The output as the model should write it; null when there is nothing usable (unparsed json). */
export function renderOutputText(output: StoredInferenceWithFeedback['output']): string | null {
  if (Array.isArray(output)) {
    const parts = output.map((block) =>
      block.type === 'text' ? block.text : `[tool call ${block.name ?? block.raw_name} ${block.raw_arguments}]`,
    );
    const text = parts.join('\n').trim();
    return text || null;
  }
  if (output && typeof output === 'object' && 'parsed' in output) {
    return output.parsed === null ? null : JSON.stringify(output.parsed);
  }
  return null;
}

/** True when a json function's output failed to parse or validate. */
export function isInvalidOutput(output: StoredInferenceWithFeedback['output']): boolean {
  return !Array.isArray(output) && !!output && typeof output === 'object' && 'parsed' in output && output.parsed === null;
}
