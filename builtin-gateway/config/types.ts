/** The loaded, validated gateway config: what the rest of the built-in gateway reads. */
import type { ValidateFunction } from 'ajv';
import type { Template } from 'nunjucks';
import type { ConfigFileRef } from './config-file-ref';

export type FunctionType = 'chat' | 'json';
export type JsonMode = 'off' | 'on' | 'strict' | 'tool';
export type ToolChoiceConfig = 'none' | 'auto' | 'required' | { specific: string };
export type ObservabilityBackend = 'auto' | 'postgres' | 'clickhouse';

export interface GatewaySettings {
  bindAddress?: string;
  /** route prefix, e.g. `/tz` */
  basePath?: string;
  /** undefined: on (we always have a store); false: inference is not stored and feedback is rejected */
  observabilityEnabled?: boolean;
  observabilityBackend: ObservabilityBackend;
  disableFeedbackTargetValidation: boolean;
  /** `template_filesystem_access.base_path`, absolute; enables `{% include %}` */
  templateBaseDir?: string;
  globalOutboundHttpTimeoutMs: number;
}

/** A JSON Schema from a file, compiled. */
export interface LoadedSchema {
  schema: Record<string, unknown>;
  validate: ValidateFunction;
  file?: ConfigFileRef;
}

export interface VariantTemplate {
  name: string;
  file: ConfigFileRef;
  compiled: Template;
  /** declared with `system_template`/`user_template`/`assistant_template` (gets `<role>_text` for plain text) */
  legacy: boolean;
}

/** Sampling parameters of a chat_completion variant; request `params.chat_completion` overrides them. */
export interface ChatCompletionParams {
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  jsonMode?: JsonMode;
  reasoningEffort?: string;
  thinkingBudgetTokens?: number;
  serviceTier?: string;
  verbosity?: string;
}

export interface RetryConfig {
  numRetries: number;
  maxDelayS: number;
}

/** A chat completion: a `chat_completion` variant's body, a chain-of-thought variant's, or an evaluator / fuser. */
export interface CompletionStep {
  model: string;
  templates: Record<string, VariantTemplate>;
  params: ChatCompletionParams;
  retries: RetryConfig;
  /** `timeouts.non_streaming.total_ms` */
  timeoutMs?: number;
}

interface VariantBase {
  name: string;
  weight?: number;
  /** why the built-in gateway cannot serve this variant (it loads, but running it fails with this reason) */
  unservable?: string;
}

export interface ChatCompletionVariant extends VariantBase, CompletionStep {
  type: 'chat_completion';
}

/** json functions only: the model answers `{thinking, response}` and `response` is the output. */
export interface ChainOfThoughtVariant extends VariantBase, CompletionStep {
  type: 'experimental_chain_of_thought';
}

/** Runs every candidate, then the evaluator picks one answer, returned unchanged. */
export interface BestOfNVariant extends VariantBase {
  type: 'experimental_best_of_n_sampling';
  candidates: string[];
  evaluator: CompletionStep;
  timeoutMs?: number;
}

/** Runs every candidate, then the fuser writes one answer from them. */
export interface MixtureOfNVariant extends VariantBase {
  type: 'experimental_mixture_of_n';
  candidates: string[];
  fuser: CompletionStep;
  timeoutMs?: number;
}

/** Embeds the input, puts the k nearest stored examples before it, then one chat completion. */
export interface DynamicInContextLearningVariant extends VariantBase, Omit<CompletionStep, 'templates'> {
  type: 'experimental_dynamic_in_context_learning';
  embeddingModel: string;
  k: number;
  maxDistance?: number;
  /** `system_instructions` file contents, or TensorZero's default instructions */
  systemInstructions: string;
}

export type VariantConfig = ChatCompletionVariant | ChainOfThoughtVariant | BestOfNVariant | MixtureOfNVariant | DynamicInContextLearningVariant;

/** Variants that render templates and call one model directly. */
export type TemplatedVariant = ChatCompletionVariant | ChainOfThoughtVariant;

export interface StaticExperimentation {
  type: 'static';
  candidates: { variant: string; weight: number }[];
  fallbacks: string[];
}

export interface TrackAndStopExperimentation {
  type: 'track_and_stop';
  metric: string;
  candidates: string[];
  fallbacks: string[];
  minSamplesPerVariant: number;
  delta: number;
  epsilon: number;
  updatePeriodMs: number;
  minProb: number;
  maxSamplesPerVariant: number;
}

export type ExperimentationConfig = StaticExperimentation | TrackAndStopExperimentation;

export interface FunctionConfig {
  name: string;
  type: FunctionType;
  description?: string;
  /** in definition order */
  variants: Record<string, VariantConfig>;
  /** by template name (`system`, `user`, `assistant`, or any `schemas.<name>`) */
  schemas: Record<string, LoadedSchema>;
  /** json functions: the output schema (`{}` when not configured) */
  outputSchema?: LoadedSchema;
  /** chat functions: keys into `GatewayConfig.tools` */
  tools: string[];
  toolChoice: ToolChoiceConfig;
  parallelToolCalls?: boolean;
  experimentation: ExperimentationConfig;
  /** per-namespace overrides of `experimentation` */
  namespaces: Record<string, ExperimentationConfig>;
}

export interface MetricConfig {
  name: string;
  type: 'boolean' | 'float';
  optimize: 'max' | 'min';
  level: 'inference' | 'episode';
  description?: string;
}

export interface ToolConfig {
  /** the `[tools.<key>]` key */
  key: string;
  /** the name sent to the model (defaults to the key) */
  name: string;
  description: string;
  parameters: LoadedSchema;
  strict: boolean;
}

export type ApiKeyLocation =
  | { kind: 'none' }
  | { kind: 'env'; variable: string }
  | { kind: 'dynamic'; name: string }
  | { kind: 'default' };

export interface ModelProviderConfig {
  name: string;
  type: string;
  modelName?: string;
  apiBase?: string;
  /** tried in order: a fallback location follows the default */
  apiKeyLocations: ApiKeyLocation[];
  timeoutMs?: number;
}

export interface ModelConfig {
  name: string;
  routing: string[];
  providers: Record<string, ModelProviderConfig>;
  timeoutMs?: number;
}

/** `[embedding_models.<name>]`. */
export interface EmbeddingModelConfig {
  name: string;
  routing: string[];
  providers: Record<string, ModelProviderConfig>;
  timeoutMs?: number;
}

export interface GatewayConfig {
  gateway: GatewaySettings;
  embeddingModels: Record<string, EmbeddingModelConfig>;
  functions: Record<string, FunctionConfig>;
  metrics: Record<string, MetricConfig>;
  tools: Record<string, ToolConfig>;
  models: Record<string, ModelConfig>;
  /** directory that `/internal/config` paths are relative to (the glob's base) */
  configDir: string;
  sourceFiles: string[];
  /** the merged config as JSON, every file field inlined as `{__tensorzero_remapped_path, __data}` */
  snapshot: Record<string, unknown>;
  /** sha256 (hex) of the canonical snapshot */
  hash: string;
}
