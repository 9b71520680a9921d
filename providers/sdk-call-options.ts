/**
 * Maps a provider-neutral `ProviderRequest` to the Vercel AI SDK's `LanguageModelV2CallOptions`
 * (the input of a provider model's `doGenerate`). Provider-specific options are added by each
 * provider module; this file only knows the SDK's common shape.
 */
import type {
  LanguageModelV2CallOptions,
  LanguageModelV2FunctionTool,
  LanguageModelV2Message,
  LanguageModelV2Prompt,
  LanguageModelV2ToolChoice,
} from '@ai-sdk/provider';
import type { ProviderMessage, ProviderRequest, ProviderToolChoice } from './types';

export function toSdkCallOptions(request: ProviderRequest, signal?: AbortSignal): LanguageModelV2CallOptions {
  const options: LanguageModelV2CallOptions = { prompt: toSdkPrompt(request), abortSignal: signal };
  if (request.maxTokens !== undefined) options.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.topP = request.topP;
  if (request.presencePenalty !== undefined) options.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequencyPenalty = request.frequencyPenalty;
  if (request.stopSequences !== undefined) options.stopSequences = request.stopSequences;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.tools && request.tools.length > 0) {
    options.tools = request.tools.map(
      (tool): LanguageModelV2FunctionTool => ({
        type: 'function',
        name: tool.name,
        description: tool.description,
        inputSchema: tool.parameters as LanguageModelV2FunctionTool['inputSchema'],
      }),
    );
    if (request.toolChoice !== undefined) options.toolChoice = toSdkToolChoice(request.toolChoice);
  }
  if (request.responseFormat?.type === 'json_object') options.responseFormat = { type: 'json' };
  if (request.responseFormat?.type === 'json_schema') {
    const { name, schema } = request.responseFormat;
    options.responseFormat = { type: 'json', name, schema: schema as never };
  }
  return options;
}

function toSdkToolChoice(choice: ProviderToolChoice): LanguageModelV2ToolChoice {
  return typeof choice === 'string' ? { type: choice } : { type: 'tool', toolName: choice.specific };
}

function toSdkPrompt(request: ProviderRequest): LanguageModelV2Prompt {
  const prompt: LanguageModelV2Prompt = [];
  if (request.system !== undefined) prompt.push({ role: 'system', content: request.system });
  for (const message of request.messages) prompt.push(toSdkMessage(message));
  return prompt;
}

function toSdkMessage(message: ProviderMessage): LanguageModelV2Message {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content.map((p) => ({ type: 'text', text: p.text })) };
    case 'assistant':
      return {
        role: 'assistant',
        content: [
          ...message.content.map((p) => ({ type: 'text' as const, text: p.text })),
          ...(message.toolCalls ?? []).map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: parseArguments(call.arguments),
          })),
        ],
      };
    case 'tool':
      return {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: message.name, output: { type: 'text', value: message.content } }],
      };
  }
}

/** Tool-call arguments as an object for providers that need one; text that is not JSON is kept as text. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
