/** zod schema of `POST /inference` (unknown fields are rejected, as TensorZero does). */
import { z } from 'zod';
import { chatCompletionParamsShape } from '../config/raw-schema';

const args = z.record(z.string(), z.unknown());

const textBlock = z
  .strictObject({ type: z.literal('text'), text: z.string().optional(), arguments: args.optional() })
  .refine((b) => (b.text === undefined) !== (b.arguments === undefined), { error: 'a text block needs exactly one of `text` or `arguments`' });

const toolCallBlock = z
  .strictObject({
    type: z.literal('tool_call'),
    id: z.string(),
    name: z.string().nullable().optional(),
    arguments: z.union([z.string(), args]).nullable().optional(),
    raw_name: z.string().optional(),
    raw_arguments: z.string().optional(),
  })
  .refine((b) => !!(b.name ?? b.raw_name), { error: 'a tool_call block needs `name` (or `raw_name`)' });

export const inputBlockSchema = z.discriminatedUnion('type', [
  textBlock,
  z.strictObject({ type: z.literal('template'), name: z.string().min(1), arguments: args }),
  z.strictObject({ type: z.literal('raw_text'), value: z.string() }),
  toolCallBlock,
  z.strictObject({ type: z.literal('tool_result'), id: z.string(), name: z.string(), result: z.string() }),
  z.looseObject({ type: z.literal('thought'), text: z.string().nullable().optional() }),
]);
export type InputBlock = z.infer<typeof inputBlockSchema>;

export const inputMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(inputBlockSchema), args]),
});

export const inferenceInputSchema = z.strictObject({
  system: z.union([z.string(), args]).optional(),
  messages: z.array(inputMessageSchema).optional(),
});

export const chatCompletionParamsSchema = z.strictObject(chatCompletionParamsShape);

const dynamicToolSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  parameters: args,
  strict: z.boolean().optional(),
});

const toolChoiceSchema = z.union([z.enum(['none', 'auto', 'required']), z.strictObject({ specific: z.string() })]);

const unsupported = (what: string) =>
  z.unknown().refine((value) => value === undefined || (Array.isArray(value) && value.length === 0), {
    error: `${what} is not supported by the built-in gateway`,
  });

export const inferenceRequestSchema = z.strictObject({
  function_name: z.string().min(1).optional(),
  model_name: z.string().min(1).optional(),
  episode_id: z.string().optional(),
  input: inferenceInputSchema,
  stream: z.boolean().optional(),
  params: z.strictObject({ chat_completion: chatCompletionParamsSchema.optional() }).optional(),
  variant_name: z.string().min(1).optional(),
  dryrun: z.boolean().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  namespace: z.string().min(1).optional(),
  tool_choice: toolChoiceSchema.optional(),
  allowed_tools: z.array(z.string()).optional(),
  additional_tools: z.array(dynamicToolSchema).optional(),
  parallel_tool_calls: z.boolean().optional(),
  output_schema: args.optional(),
  credentials: z.record(z.string(), z.string()).optional(),
  // accepted and ignored: the built-in gateway has no cache and returns no raw payloads
  cache_options: z.strictObject({ enabled: z.enum(['write_only', 'read_only', 'on', 'off']), max_age_s: z.number().nullable().optional() }).optional(),
  include_raw_response: z.boolean().optional(),
  include_raw_usage: z.boolean().optional(),
  include_original_response: z.boolean().optional(),
  include_aggregated_response: z.boolean().optional(),
  internal: z.boolean().optional(),
  provider_tools: unsupported('provider_tools').optional(),
  extra_body: unsupported('extra_body').optional(),
  extra_headers: unsupported('extra_headers').optional(),
  // a variant object for one dry-run inference (validated in dynamic-variant.ts)
  internal_dynamic_variant_config: args.optional(),
});

export type InferenceRequestBody = z.infer<typeof inferenceRequestSchema>;
export type ChatCompletionParamsBody = z.infer<typeof chatCompletionParamsSchema>;
export type DynamicTool = z.infer<typeof dynamicToolSchema>;
