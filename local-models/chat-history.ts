import type { ChatHistoryItem, ChatModelFunctionCall } from 'node-llama-cpp';
import { messageText, type ChatMessage } from '../sim-provider/openai-wire';

/** A request the server cannot turn into a chat history; answered with HTTP 400. */
export class ChatHistoryError extends Error {
  override name = 'ChatHistoryError';
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * OpenAI chat messages → node-llama-cpp's chat history. Few-shot examples arrive as ordinary
 * user/assistant turns and stay turns. An assistant's tool calls become function calls whose
 * results are the following `tool` messages (matched by `tool_call_id`).
 */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const callsById = new Map<string, ChatModelFunctionCall>();
  messages.forEach((message, index) => {
    const text = messageText(message);
    switch (message.role) {
      case 'system':
      case 'developer':
        history.push({ type: 'system', text });
        return;
      case 'user':
        history.push({ type: 'user', text });
        return;
      case 'assistant': {
        const response: Array<string | ChatModelFunctionCall> = text ? [text] : [];
        for (const call of message.tool_calls ?? []) {
          const item: ChatModelFunctionCall = { type: 'functionCall', name: call.function.name, params: parseArguments(call.function.arguments, index), result: undefined };
          callsById.set(call.id, item);
          response.push(item);
        }
        history.push({ type: 'model', response });
        return;
      }
      case 'tool': {
        const call = message.tool_call_id ? callsById.get(message.tool_call_id) : undefined;
        if (!call) throw new ChatHistoryError(`messages.${index}.tool_call_id`, `tool message ${index} answers no earlier tool call (tool_call_id '${message.tool_call_id ?? ''}')`);
        call.result = text;
        return;
      }
    }
  });
  return history;
}

function parseArguments(raw: string, index: number): unknown {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    throw new ChatHistoryError(`messages.${index}.tool_calls`, `tool call arguments of message ${index} are not JSON: ${raw.slice(0, 80)}`);
  }
}
