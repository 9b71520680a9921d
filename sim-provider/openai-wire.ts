/**
 * The chat-completions wire format the simulated provider speaks. The request side is shared with
 * the oracles (common/oracle-contract/chat-request.ts); the response side is the server's own.
 */
export {
  chatCompletionRequestSchema,
  lastUserText,
  messageText,
  type ChatCompletionRequest,
  type ChatMessage,
  type ResponseFormat,
} from '../common/oracle-contract/chat-request';

export interface ChatCompletionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** USD, from the tier's price; an extra field the built-in gateway passes through */
  cost: number;
}

export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: ChatCompletionToolCall[] };
    finish_reason: FinishReason;
    logprobs: null;
  }[];
  usage: ChatCompletionUsage;
}

export type { OpenAiErrorBody } from '../common/openai-http';
