import type {
  FinishReason,
  ProviderMessage,
  ProviderRequest,
  ProviderResponse,
  ProviderToolCall,
  ProviderUsage,
} from './types';

/** Maps a provider-neutral request to an OpenAI chat-completions request body. */
export function toOpenAiChatBody(modelName: string, request: ProviderRequest): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(toOpenAiMessage(message));

  const body: Record<string, unknown> = { model: modelName, messages, stream: false };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters,
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    }));
    if (request.toolChoice !== undefined) {
      body.tool_choice =
        typeof request.toolChoice === 'string'
          ? request.toolChoice
          : { type: 'function', function: { name: request.toolChoice.specific } };
    }
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.responseFormat?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (request.responseFormat?.type === 'json_schema') {
    const { name, schema, strict } = request.responseFormat;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, strict } };
  }
  const optional: [string, unknown][] = [
    ['temperature', request.temperature],
    ['max_tokens', request.maxTokens],
    ['seed', request.seed],
    ['top_p', request.topP],
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
    ['stop', request.stopSequences],
    ['reasoning_effort', request.reasoningEffort],
    ['service_tier', request.serviceTier],
    ['verbosity', request.verbosity],
  ];
  for (const [key, value] of optional) if (value !== undefined) body[key] = value;
  return body;
}

function toOpenAiMessage(message: ProviderMessage): Record<string, unknown> {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'user':
      // One text part as a plain string (what most OpenAI-compatible servers expect); several as parts.
      return {
        role: 'user',
        content: message.content.length === 1 ? message.content[0].text : message.content.map((p) => ({ type: 'text', text: p.text })),
      };
    case 'assistant': {
      const text = message.content.map((p) => p.text).join('\n');
      const out: Record<string, unknown> = { role: 'assistant', content: message.content.length > 0 ? text : null };
      if (message.toolCalls && message.toolCalls.length > 0) {
        out.tool_calls = message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return out;
    }
  }
}

/** Raised by `fromOpenAiChatResponse` when the body is not a chat completion. */
export class MalformedProviderResponseError extends Error {
  override name = 'MalformedProviderResponseError';
}

/** Reads an OpenAI chat-completions response body into the provider-neutral shape. */
export function fromOpenAiChatResponse(
  json: unknown,
  rawRequest: string,
  rawResponse: string,
): ProviderResponse {
  const root = asRecord(json);
  const choices = root?.choices;
  if (!root || !Array.isArray(choices) || choices.length === 0) {
    throw new MalformedProviderResponseError('response has no choices');
  }
  const choice = asRecord(choices[0]);
  const message = asRecord(choice?.message);
  if (!choice || !message) throw new MalformedProviderResponseError('choices[0].message is missing');

  const text = readText(message.content);
  const toolCalls: ProviderToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((raw, index) => {
      const call = asRecord(raw);
      const fn = asRecord(call?.function);
      if (!call || !fn) return;
      const args = fn.arguments;
      toolCalls.push({
        id: typeof call.id === 'string' ? call.id : `call_${index}`,
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      });
    });
  }
  return {
    text,
    toolCalls,
    usage: readUsage(root.usage),
    finishReason: mapFinishReason(choice.finish_reason),
    rawRequest,
    rawResponse,
  };
}

function readText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((part) => asRecord(part))
      .filter((part): part is Record<string, unknown> => !!part && typeof part.text === 'string')
      .map((part) => part.text as string);
    return parts.length > 0 ? parts.join('') : null;
  }
  return null;
}

function readUsage(raw: unknown): ProviderUsage {
  const usage = asRecord(raw);
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const out: ProviderUsage = {
    inputTokens: num(usage?.prompt_tokens),
    outputTokens: num(usage?.completion_tokens),
  };
  const cost = num(usage?.cost);
  if (cost !== null) out.cost = cost;
  return out;
}

function mapFinishReason(raw: unknown): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'unknown';
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
