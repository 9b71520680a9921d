import type { ZodError } from 'zod';
import { createSchemaCompiler, type CompileJsonSchema } from '../json-schema/schema-compiler';
import { createTemplateEnvironment } from '../templates/template-environment';
import { GatewayConfigError, type ConfigIssue } from './config-error';
import type { ConfigFileRef } from './config-file-ref';
import { normaliseExperimentation } from './experimentation-config';
import { formatKeyPath, type KeyPath } from './key-path';
import { normaliseVariant, type FunctionContext } from './normalise-variant';
import {
  rawConfigSchema,
  rawOtherProviderSchema,
  rawSupportedProviderSchema,
  SUPPORTED_PROVIDER_TYPES,
  type RawConfig,
  type RawFunction,
} from './raw-schema';
import { markUnservableVariants } from './unservable-variants';
import type {
  ApiKeyLocation,
  EmbeddingModelConfig,
  FunctionConfig,
  GatewaySettings,
  LoadedSchema,
  MetricConfig,
  ModelConfig,
  ModelProviderConfig,
  ToolConfig,
  VariantConfig,
} from './types';

const DEFAULT_GLOBAL_TIMEOUT_MS = 900_000;
const ROLES = ['system', 'user', 'assistant'] as const;
const RESERVED_METRICS = ['comment', 'demonstration'];

export interface NormalisedConfig {
  gateway: GatewaySettings;
  functions: Record<string, FunctionConfig>;
  metrics: Record<string, MetricConfig>;
  tools: Record<string, ToolConfig>;
  models: Record<string, ModelConfig>;
  embeddingModels: Record<string, EmbeddingModelConfig>;
}

/** Turns zod issues into config issues located in the file that defines each key. */
export function zodIssues(error: ZodError, prefix: KeyPath, locate: (path: KeyPath) => string | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ file: locate([...path, key]), keyPath: formatKeyPath([...path, key]), problem: 'unknown key' });
    } else {
      issues.push({ file: locate(path), keyPath: formatKeyPath(path) || undefined, problem: issue.message });
    }
  }
  return issues;
}

/** Validates the merged TOML tables and builds the typed config (compiling templates and schemas). */
export function normaliseConfig(merged: Record<string, unknown>, locate: (path: KeyPath) => string | undefined): NormalisedConfig {
  const parsed = rawConfigSchema.safeParse(merged);
  if (!parsed.success) throw new GatewayConfigError(zodIssues(parsed.error, [], locate));
  const raw: RawConfig = parsed.data;
  const fail = (path: KeyPath, problem: string): never => {
    throw new GatewayConfigError({ file: locate(path), keyPath: formatKeyPath(path), problem });
  };
  const failZod = (path: KeyPath, error: ZodError): never => {
    throw new GatewayConfigError(zodIssues(error, path, locate));
  };

  const gateway = normaliseGateway(raw);
  const compileSchema = createSchemaCompiler();
  const templateEnv = createTemplateEnvironment({ baseDir: gateway.templateBaseDir });
  const metrics = normaliseMetrics(raw, fail);
  const tools = normaliseTools(raw, compileSchema, fail);
  const models = normaliseModels(raw, fail, failZod);
  const embeddingModels = normaliseEmbeddingModels(raw, fail, failZod);
  const functions: Record<string, FunctionConfig> = {};
  for (const [name, fn] of Object.entries(raw.functions ?? {})) {
    functions[name] = normaliseFunction(name, fn, { compileSchema, templateEnv, metrics, tools, models, embeddingModels, fail, failZod });
  }
  markUnservableVariants(functions, embeddingModels);
  return { gateway, functions, metrics, tools, models, embeddingModels };
}

function normaliseGateway(raw: RawConfig): GatewaySettings {
  const g = raw.gateway ?? {};
  return {
    bindAddress: g.bind_address,
    basePath: g.base_path?.replace(/\/+$/, '') || undefined,
    observabilityEnabled: g.observability?.enabled,
    observabilityBackend: g.observability?.backend ?? 'auto',
    disableFeedbackTargetValidation: g.unstable_disable_feedback_target_validation ?? false,
    templateBaseDir: g.template_filesystem_access?.base_path?.absolutePath,
    globalOutboundHttpTimeoutMs: g.global_outbound_http_timeout_ms ?? DEFAULT_GLOBAL_TIMEOUT_MS,
  };
}

type Fail = (path: KeyPath, problem: string) => never;
type FailZod = (path: KeyPath, error: ZodError) => never;

function normaliseMetrics(raw: RawConfig, fail: Fail): Record<string, MetricConfig> {
  const out: Record<string, MetricConfig> = {};
  for (const [name, metric] of Object.entries(raw.metrics ?? {})) {
    if (RESERVED_METRICS.includes(name)) fail(['metrics', name], `'${name}' is a reserved metric name`);
    out[name] = { name, type: metric.type, optimize: metric.optimize, level: metric.level, description: metric.description };
  }
  return out;
}

function loadSchema(file: ConfigFileRef, path: KeyPath, compile: CompileJsonSchema, fail: Fail): LoadedSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(file.contents);
  } catch (err) {
    fail(path, `${file.relativePath} is not valid JSON: ${(err as Error).message}`);
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) fail(path, `${file.relativePath} must contain a JSON object schema`);
  try {
    return { schema: schema as Record<string, unknown>, validate: compile(schema as Record<string, unknown>), file };
  } catch (err) {
    return fail(path, `${file.relativePath} is not a valid JSON Schema: ${(err as Error).message}`);
  }
}

function normaliseTools(raw: RawConfig, compile: CompileJsonSchema, fail: Fail): Record<string, ToolConfig> {
  const out: Record<string, ToolConfig> = {};
  for (const [key, tool] of Object.entries(raw.tools ?? {})) {
    out[key] = {
      key,
      name: tool.name ?? key,
      description: tool.description,
      parameters: loadSchema(tool.parameters, ['tools', key, 'parameters'], compile, fail),
      strict: tool.strict ?? false,
    };
  }
  return out;
}

function normaliseModels(raw: RawConfig, fail: Fail, failZod: FailZod): Record<string, ModelConfig> {
  const out: Record<string, ModelConfig> = {};
  for (const [name, model] of Object.entries(raw.models ?? {})) {
    const providers = normaliseProviders(['models', name], model, fail, failZod);
    out[name] = { name, routing: model.routing, providers, timeoutMs: model.timeouts?.non_streaming?.total_ms };
  }
  return out;
}

function normaliseEmbeddingModels(raw: RawConfig, fail: Fail, failZod: FailZod): Record<string, EmbeddingModelConfig> {
  const out: Record<string, EmbeddingModelConfig> = {};
  for (const [name, model] of Object.entries(raw.embedding_models ?? {})) {
    const providers = normaliseProviders(['embedding_models', name], model, fail, failZod);
    out[name] = { name, routing: model.routing, providers, timeoutMs: model.timeouts?.non_streaming?.total_ms ?? model.timeout_ms };
  }
  return out;
}

/** The `providers` of a `[models.X]` or `[embedding_models.X]` table; every routing entry must name one. */
function normaliseProviders(
  modelPath: KeyPath,
  model: { routing: string[]; providers: Record<string, Record<string, unknown>> },
  fail: Fail,
  failZod: FailZod,
): Record<string, ModelProviderConfig> {
  const providers: Record<string, ModelProviderConfig> = {};
  for (const [providerName, rawProvider] of Object.entries(model.providers)) {
    const path = [...modelPath, 'providers', providerName];
    const supported = (SUPPORTED_PROVIDER_TYPES as readonly unknown[]).includes(rawProvider.type);
    const parsed = (supported ? rawSupportedProviderSchema : rawOtherProviderSchema).safeParse(rawProvider);
    if (!parsed.success) failZod(path, parsed.error);
    const provider = parsed.data as { type: string; model_name?: string; api_base?: string; api_key_location?: unknown; timeouts?: { non_streaming?: { total_ms?: number } } };
    if (supported && !provider.model_name) fail([...path, 'model_name'], `is required for provider type '${provider.type}'`);
    if ((provider.type === 'vllm' || provider.type === 'sglang') && !provider.api_base) {
      fail([...path, 'api_base'], `is required for provider type '${provider.type}'`);
    }
    providers[providerName] = {
      name: providerName,
      type: provider.type,
      modelName: provider.model_name,
      apiBase: provider.api_base,
      apiKeyLocations: parseKeyLocations(provider.api_key_location, [...path, 'api_key_location'], fail),
      timeoutMs: provider.timeouts?.non_streaming?.total_ms,
    };
  }
  model.routing.forEach((providerName, index) => {
    if (!providers[providerName]) fail([...modelPath, 'routing', index], `provider '${providerName}' is not defined in [${formatKeyPath([...modelPath, 'providers'])}]`);
  });
  return providers;
}

function parseKeyLocations(value: unknown, path: KeyPath, fail: Fail): ApiKeyLocation[] {
  if (value === undefined) return [{ kind: 'default' }];
  if (typeof value === 'object' && value) {
    const { default: first, fallback } = value as { default: string; fallback: string };
    return [parseKeyLocation(first, path, fail), parseKeyLocation(fallback, path, fail)];
  }
  return [parseKeyLocation(value as string, path, fail)];
}

function parseKeyLocation(value: string, path: KeyPath, fail: Fail): ApiKeyLocation {
  if (value === 'none') return { kind: 'none' };
  if (value.startsWith('env::') && value.length > 5) return { kind: 'env', variable: value.slice(5) };
  if (value.startsWith('dynamic::') && value.length > 9) return { kind: 'dynamic', name: value.slice(9) };
  return fail(path, `unsupported api_key_location '${value}' (expected "none", "env::VAR" or "dynamic::NAME")`);
}

function normaliseFunction(name: string, fn: RawFunction, ctx: FunctionContext): FunctionConfig {
  const path = ['functions', name];
  const { fail } = ctx;
  if (name.startsWith('tensorzero::')) fail(path, `function names starting with "tensorzero::" are reserved`);

  const schemaFiles: Record<string, { file: ConfigFileRef; path: KeyPath }> = {};
  for (const role of ROLES) {
    const file = fn[`${role}_schema`];
    if (file) schemaFiles[role] = { file, path: [...path, `${role}_schema`] };
  }
  for (const [schemaName, entry] of Object.entries(fn.schemas ?? {})) {
    if (schemaFiles[schemaName]) fail([...path, 'schemas', schemaName], `schema '${schemaName}' is also declared as ${schemaName}_schema`);
    schemaFiles[schemaName] = { file: entry.path, path: [...path, 'schemas', schemaName, 'path'] };
  }
  const schemas: Record<string, LoadedSchema> = {};
  for (const [schemaName, { file, path: schemaPath }] of Object.entries(schemaFiles)) {
    schemas[schemaName] = loadSchema(file, schemaPath, ctx.compileSchema, fail);
  }

  if (fn.type === 'chat' && fn.output_schema) fail([...path, 'output_schema'], 'is only allowed for json functions');
  if (fn.type === 'json') {
    for (const key of ['tools', 'tool_choice', 'parallel_tool_calls'] as const) {
      if (fn[key] !== undefined) fail([...path, key], 'is only allowed for chat functions');
    }
  }
  const outputSchema =
    fn.type !== 'json'
      ? undefined
      : fn.output_schema
        ? loadSchema(fn.output_schema, [...path, 'output_schema'], ctx.compileSchema, fail)
        : { schema: {}, validate: ctx.compileSchema({}) };

  const tools = fn.tools ?? [];
  tools.forEach((tool, index) => {
    if (!ctx.tools[tool]) fail([...path, 'tools', index], `tool '${tool}' is not defined in [tools]`);
  });
  const toolChoice = fn.tool_choice ?? 'auto';
  if (typeof toolChoice === 'object' && !tools.includes(toolChoice.specific)) {
    fail([...path, 'tool_choice', 'specific'], `tool '${toolChoice.specific}' is not in this function's tools`);
  }

  const variants: Record<string, VariantConfig> = {};
  for (const [variantName, variant] of Object.entries(fn.variants ?? {})) {
    variants[variantName] = normaliseVariant(variantName, variant, fn.type, Object.keys(schemas), [...path, 'variants', variantName], ctx);
  }

  for (const variant of Object.values(variants)) {
    if (variant.type !== 'experimental_best_of_n_sampling' && variant.type !== 'experimental_mixture_of_n') continue;
    variant.candidates.forEach((candidate, index) => {
      if (!variants[candidate]) fail([...path, 'variants', variant.name, 'candidates', index], `unknown candidate variant '${candidate}'`);
    });
    // TensorZero moves the deprecated timeout_s onto each candidate's [timeouts] and refuses to
    // overwrite timeouts already there — which includes a candidate listed twice
    const raw = fn.variants?.[variant.name];
    if (raw && 'timeout_s' in raw && raw.timeout_s !== undefined) {
      const clash = variant.candidates.find((c, i) => fn.variants?.[c]?.timeouts !== undefined || variant.candidates.indexOf(c) !== i);
      if (clash) fail([...path, 'variants', variant.name, 'timeout_s'], `cannot be used when candidate '${clash}' already has [timeouts] (set directly or by listing it twice); set timeouts on the candidates instead`);
    }
  }

  const { experimentation, namespaces } = normaliseExperimentation(fn.experimentation, {
    functionName: name,
    variantNames: Object.keys(variants),
    weights: Object.fromEntries(Object.values(variants).map((v) => [v.name, v.weight])),
    metrics: ctx.metrics,
    fail: (sub, problem) => fail([...path, 'experimentation', ...sub], problem),
    failZod: (sub, error) => ctx.failZod([...path, 'experimentation', ...sub], error),
  });

  return {
    name,
    type: fn.type,
    description: fn.description,
    variants,
    schemas,
    outputSchema,
    tools,
    toolChoice,
    parallelToolCalls: fn.parallel_tool_calls,
    experimentation,
    namespaces,
  };
}
