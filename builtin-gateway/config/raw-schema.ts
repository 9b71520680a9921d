/**
 * zod schemas of the TOML tables the built-in gateway models. Tables are strict (unknown
 * keys are errors, as in TensorZero); tables we do not model are accepted as they are.
 * File-valued fields have already been replaced by `ConfigFileRef`s (see file-fields.ts).
 */
import { z } from 'zod';
import { ConfigDirRef, ConfigFileRef } from './config-file-ref';

const fileRef = z.instanceof(ConfigFileRef, { error: 'expected a file path (string)' });
const dirRef = z.instanceof(ConfigDirRef, { error: 'expected a directory path (string)' });
const positiveInt = z.number().int().positive();
const nonNegative = z.number().min(0);
const anything = z.unknown().optional();

const timeouts = z.strictObject({
  non_streaming: z.strictObject({ total_ms: positiveInt.optional() }).optional(),
  streaming: z.strictObject({ ttft_ms: positiveInt.optional(), total_ms: positiveInt.optional() }).optional(),
});

export const rawGatewaySchema = z.strictObject({
  bind_address: z.string().optional(),
  base_path: z.string().startsWith('/', { error: 'must start with "/"' }).optional(),
  observability: z
    .strictObject({
      enabled: z.boolean().optional(),
      backend: z.enum(['auto', 'postgres', 'clickhouse']).optional(),
      async_writes: z.boolean().optional(),
      batch_writes: z
        .strictObject({ enabled: z.boolean().optional(), flush_interval_ms: positiveInt.optional(), max_rows: positiveInt.optional() })
        .optional(),
      disable_automatic_migrations: z.boolean().optional(),
    })
    .optional(),
  template_filesystem_access: z.strictObject({ enabled: z.boolean().optional(), base_path: dirRef.optional() }).optional(),
  debug: z.boolean().optional(),
  unstable_disable_feedback_target_validation: z.boolean().optional(),
  unstable_error_json: z.boolean().optional(),
  disable_pseudonymous_usage_analytics: z.boolean().optional(),
  fetch_and_encode_input_files_before_inference: z.boolean().optional(),
  global_outbound_http_timeout_ms: positiveInt.optional(),
  auth: z.strictObject({ enabled: z.literal(false, { error: 'auth is not supported by the built-in gateway' }).optional() }).optional(),
  relay: anything,
  export: anything,
  cache: anything,
  metrics: anything,
});

/**
 * The sampling parameters of a chat_completion variant; an inference request's
 * `params.chat_completion` accepts the same keys and overrides them.
 */
export const chatCompletionParamsShape = {
  temperature: z.number().optional(),
  max_tokens: positiveInt.optional(),
  seed: z.number().int().min(0).optional(),
  top_p: z.number().optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
  stop_sequences: z.array(z.string()).optional(),
  json_mode: z.enum(['off', 'on', 'strict', 'tool', 'implicit_tool']).optional(),
  reasoning_effort: z.string().optional(),
  thinking_budget_tokens: positiveInt.optional(),
  service_tier: z.string().optional(),
  verbosity: z.string().optional(),
};

const retries = z.strictObject({ num_retries: z.number().int().min(0).optional(), max_delay_s: nonNegative.optional() });

/** What every variant type accepts besides its own fields. */
const commonVariantShape = {
  weight: nonNegative.optional(),
  timeouts: timeouts.optional(),
  namespace: z.string().optional(),
};

/**
 * The fields of a chat completion: a `chat_completion` variant (with `type`), a chain-of-thought
 * variant, and the evaluator / fuser tables of best-of-n and mixture-of-n (without `type`).
 */
const chatCompletionShape = {
  model: z.string().min(1),
  system_template: fileRef.optional(),
  user_template: fileRef.optional(),
  assistant_template: fileRef.optional(),
  templates: z.record(z.string(), z.strictObject({ path: fileRef })).optional(),
  // deprecated in TensorZero; accepted so such configs load, refused per variant (see unservable-variants.ts)
  input_wrappers: z.strictObject({ system: fileRef.optional(), user: fileRef.optional(), assistant: fileRef.optional() }).optional(),
  ...chatCompletionParamsShape,
  retries: retries.optional(),
  // accepted for compatibility; the built-in gateway does not apply request patches
  extra_body: z.array(z.unknown()).optional(),
  extra_headers: z.array(z.unknown()).optional(),
};

export const rawChatCompletionVariantSchema = z.strictObject({ type: z.literal('chat_completion'), ...commonVariantShape, ...chatCompletionShape });

/** The evaluator (best-of-n) or fuser (mixture-of-n): a chat completion without `type` (TensorZero accepts and ignores `weight`). */
export const rawCompletionStepSchema = z.strictObject({ ...chatCompletionShape, timeouts: timeouts.optional(), weight: nonNegative.optional() });

const candidateList = z.array(z.string());

/** Every variant type TensorZero's config parser accepts (reference/tensorzero.md §3.5). */
export const VARIANT_TYPES = [
  'chat_completion',
  'experimental_best_of_n_sampling',
  'experimental_mixture_of_n',
  'experimental_dynamic_in_context_learning',
  'experimental_chain_of_thought',
] as const;
export type VariantType = (typeof VARIANT_TYPES)[number];

export const rawVariantSchema = z.discriminatedUnion(
  'type',
  [
    rawChatCompletionVariantSchema,
    z.strictObject({
      type: z.literal('experimental_best_of_n_sampling'),
      ...commonVariantShape,
      candidates: candidateList,
      evaluator: rawCompletionStepSchema,
      timeout_s: z.number().positive().optional(),
    }),
    z.strictObject({
      type: z.literal('experimental_mixture_of_n'),
      ...commonVariantShape,
      candidates: candidateList,
      fuser: rawCompletionStepSchema,
      timeout_s: z.number().positive().optional(),
    }),
    z.strictObject({
      type: z.literal('experimental_dynamic_in_context_learning'),
      ...commonVariantShape,
      embedding_model: z.string().min(1),
      k: positiveInt,
      model: z.string().min(1),
      system_instructions: fileRef.optional(),
      max_distance: nonNegative.optional(),
      ...chatCompletionParamsShape,
      retries: retries.optional(),
      extra_body: z.array(z.unknown()).optional(),
      extra_headers: z.array(z.unknown()).optional(),
    }),
    z.strictObject({ type: z.literal('experimental_chain_of_thought'), ...commonVariantShape, ...chatCompletionShape }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `unknown variant type (expected one of ${VARIANT_TYPES.map((t) => `"${t}"`).join(', ')})` : undefined) },
);

const variantList = z.array(z.string());

const trackAndStopFields = {
  metric: z.string().min(1),
  candidate_variants: variantList.min(1, { error: 'must list at least one variant' }),
  fallback_variants: variantList.optional(),
  min_samples_per_variant: positiveInt.optional(),
  delta: z.number().gt(0).lt(1).optional(),
  epsilon: nonNegative.optional(),
  update_period_s: z.number().positive().optional(),
  min_prob: nonNegative.optional(),
  max_samples_per_variant: positiveInt.optional(),
};

/** One experimentation object (no `namespaces`); the form `upsert_experimentation` carries. */
export const rawExperimentationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('static'),
    candidate_variants: z.union([variantList, z.record(z.string(), nonNegative)]).optional(),
    fallback_variants: variantList.optional(),
  }),
  z.strictObject({ type: z.literal('uniform'), candidate_variants: variantList.optional(), fallback_variants: variantList.optional() }),
  z.strictObject({
    type: z.literal('static_weights'),
    candidate_variants: z.record(z.string(), nonNegative),
    fallback_variants: variantList.optional(),
  }),
  z.strictObject({ type: z.literal('adaptive'), algorithm: z.literal('track_and_stop').optional(), ...trackAndStopFields }),
  z.strictObject({ type: z.literal('track_and_stop'), ...trackAndStopFields }),
]);
export type RawExperimentation = z.infer<typeof rawExperimentationSchema>;

export const rawFunctionSchema = z.strictObject({
  type: z.enum(['chat', 'json']),
  description: z.string().optional(),
  variants: z.record(z.string(), rawVariantSchema).optional(),
  system_schema: fileRef.optional(),
  user_schema: fileRef.optional(),
  assistant_schema: fileRef.optional(),
  schemas: z.record(z.string(), z.strictObject({ path: fileRef })).optional(),
  output_schema: fileRef.optional(),
  experimentation: z.unknown().optional(),
  evaluators: z.record(z.string(), z.unknown()).optional(),
  tools: z.array(z.string()).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.strictObject({ specific: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
});

export const rawMetricSchema = z.strictObject({
  type: z.enum(['boolean', 'float']),
  optimize: z.enum(['max', 'min']),
  level: z.enum(['inference', 'episode']),
  description: z.string().optional(),
});

export const rawToolSchema = z.strictObject({
  description: z.string(),
  parameters: fileRef,
  name: z.string().optional(),
  strict: z.boolean().optional(),
});

const apiKeyLocation = z.union([z.string(), z.strictObject({ default: z.string(), fallback: z.string() })]);

/** Provider types the built-in gateway calls; their tables are checked strictly. */
export const SUPPORTED_PROVIDER_TYPES = ['openai', 'anthropic', 'google_ai_studio_gemini', 'vllm', 'sglang', 'fireworks'] as const;

export const rawSupportedProviderSchema = z.strictObject({
  type: z.enum(SUPPORTED_PROVIDER_TYPES),
  model_name: z.string().optional(),
  api_base: z.string().optional(),
  api_key_location: apiKeyLocation.optional(),
  api_type: z.literal('chat_completions', { error: 'only api_type = "chat_completions" is supported by the built-in gateway' }).optional(),
  timeouts: timeouts.optional(),
  extra_body: z.array(z.unknown()).optional(),
  extra_headers: z.array(z.unknown()).optional(),
  cost: z.unknown().optional(),
  batch_cost: z.unknown().optional(),
  discard_unknown_chunks: z.boolean().optional(),
  include_encrypted_reasoning: z.boolean().optional(),
  provider_tools: z.array(z.unknown()).optional(),
  parse_think_blocks: z.boolean().optional(),
  /** anthropic only */
  beta_structured_outputs: z.boolean().optional(),
  content_type_overrides: z.unknown().optional(),
});

/** Other provider types load (so configs stay valid) but fail at inference time. */
export const rawOtherProviderSchema = z.looseObject({ type: z.string(), model_name: z.string().optional() });

export const rawModelSchema = z.strictObject({
  routing: z.array(z.string()).min(1, { error: 'must name at least one provider' }),
  providers: z.record(z.string(), z.record(z.string(), z.unknown())),
  timeouts: timeouts.optional(),
  skip_relay: z.boolean().optional(),
  namespace: z.string().optional(),
});

/** `[embedding_models.<name>]`: like `[models]`, providers checked when an embedding is made. */
export const rawEmbeddingModelSchema = z.strictObject({
  routing: z.array(z.string()).min(1, { error: 'must name at least one provider' }),
  providers: z.record(z.string(), z.record(z.string(), z.unknown())),
  timeout_ms: positiveInt.optional(),
  timeouts: timeouts.optional(),
  skip_relay: z.boolean().optional(),
  namespace: z.string().optional(),
});

export const rawConfigSchema = z.strictObject({
  gateway: rawGatewaySchema.optional(),
  clickhouse: anything,
  postgres: anything,
  rate_limiting: anything,
  object_storage: anything,
  models: z.record(z.string(), rawModelSchema).optional(),
  embedding_models: z.record(z.string(), rawEmbeddingModelSchema).optional(),
  functions: z.record(z.string(), rawFunctionSchema).optional(),
  metrics: z.record(z.string(), rawMetricSchema).optional(),
  tools: z.record(z.string(), rawToolSchema).optional(),
  evaluations: anything,
  provider_types: anything,
  optimizers: anything,
  autopilot: z.strictObject({ tool_whitelist: z.array(z.string()).optional() }).optional(),
});
export type RawConfig = z.infer<typeof rawConfigSchema>;
export type RawFunction = z.infer<typeof rawFunctionSchema>;
export type RawVariant = z.infer<typeof rawVariantSchema>;
export type RawChatCompletionVariant = z.infer<typeof rawChatCompletionVariantSchema>;
export type RawCompletionStep = z.infer<typeof rawCompletionStepSchema>;
