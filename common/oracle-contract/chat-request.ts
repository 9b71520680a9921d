import { z } from 'zod';

/**
 * The subset of OpenAI's chat-completions request a simulated model and its oracles read.
 * Unknown fields are accepted and ignored (gateways send provider extras nobody models).
 */
const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });

export const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(z.looseObject({ id: z.string(), type: z.string().optional(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .optional(),
});

export const responseFormatSchema = z.union([
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({ name: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }),
  }),
]);

export const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  seed: z.number().int().nullish(),
  response_format: responseFormatSchema.nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: z.unknown().optional(),
  stream: z.boolean().nullish(),
});

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** The text of one message: string content, or its text parts joined. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** The text of the last user message, or '' when there is none. */
export function lastUserText(request: Pick<ChatCompletionRequest, 'messages'>): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    if (request.messages[i].role === 'user') return messageText(request.messages[i]);
  }
  return '';
}

/** The system and developer messages' text, joined. */
export function systemText(request: Pick<ChatCompletionRequest, 'messages'>): string {
  return request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map(messageText)
    .join('\n');
}

/** The keys the response format's JSON schema declares (`properties`), or [] without one. */
export function responseSchemaKeys(request: Pick<ChatCompletionRequest, 'response_format'>): string[] {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return [];
  const properties = format.json_schema.schema?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}
