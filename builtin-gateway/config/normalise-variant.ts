/**
 * One `[functions.<fn>.variants.<v>]` table → a typed `VariantConfig`, for every variant type
 * TensorZero accepts (reference/tensorzero.md §3.5). Config errors TensorZero would raise at
 * load (unknown model, json_mode rules, chain of thought on a chat function, a missing template
 * for a schema) fail the load; what only the built-in gateway cannot do is recorded on the
 * variant as `unservable` (see unservable-variants.ts).
 */
import type { Environment } from 'nunjucks';
import type { ZodError } from 'zod';
import type { CompileJsonSchema } from '../json-schema/schema-compiler';
import { isKnownModelName } from '../models/shorthand';
import { compileTemplate, TemplateSyntaxError } from '../templates/template-environment';
import type { ConfigFileRef } from './config-file-ref';
import type { KeyPath } from './key-path';
import type { RawChatCompletionVariant, RawCompletionStep, RawFunction, RawVariant } from './raw-schema';
import type { CompletionStep, EmbeddingModelConfig, MetricConfig, ModelConfig, ToolConfig, VariantConfig, VariantTemplate } from './types';

const ROLES = ['system', 'user', 'assistant'] as const;

/** TensorZero's instructions for a DICL variant without `system_instructions`. */
export const DEFAULT_DICL_INSTRUCTIONS =
  'You are tasked with learning by induction and then solving a problem below. You will be shown several examples of inputs followed by outputs. Then, in the same format you will be given one last set of inputs. Your job is to use the provided examples to inform your response to the last set of inputs.';

/** What `normaliseVariant` needs besides the variant (exported for the dynamic variant of `POST /inference`). */
export interface FunctionContext {
  compileSchema: CompileJsonSchema;
  templateEnv: Environment;
  metrics: Record<string, MetricConfig>;
  tools: Record<string, ToolConfig>;
  models: Record<string, ModelConfig>;
  embeddingModels?: Record<string, EmbeddingModelConfig>;
  fail: (path: KeyPath, problem: string) => never;
  failZod: (path: KeyPath, error: ZodError) => never;
}

export function normaliseVariant(
  name: string,
  variant: RawVariant,
  functionType: RawFunction['type'],
  schemaNames: string[],
  path: KeyPath,
  ctx: FunctionContext,
): VariantConfig {
  const wrapped = 'input_wrappers' in variant && variant.input_wrappers !== undefined;
  const base = {
    name,
    weight: variant.weight,
    // the deprecated wrappers' rendering rules are not implemented; such a variant is refused, not misrendered
    ...(wrapped ? { unservable: 'input_wrappers (deprecated) are not supported by the built-in gateway; use templates instead' } : {}),
  };
  switch (variant.type) {
    case 'chat_completion':
      return { ...base, type: variant.type, ...normaliseStep(variant, functionType, schemaNames, path, ctx) };
    case 'experimental_chain_of_thought':
      if (functionType !== 'json') ctx.fail([...path, 'type'], 'experimental_chain_of_thought variants are only allowed for json functions');
      return { ...base, type: variant.type, ...normaliseStep(variant, functionType, schemaNames, path, ctx) };
    case 'experimental_best_of_n_sampling':
      return {
        ...base,
        type: variant.type,
        candidates: variant.candidates,
        evaluator: normaliseStep(variant.evaluator, functionType, schemaNames, [...path, 'evaluator'], ctx, 'strict'),
        timeoutMs: variant.timeouts?.non_streaming?.total_ms ?? secondsToMs(variant.timeout_s),
      };
    case 'experimental_mixture_of_n':
      return {
        ...base,
        type: variant.type,
        candidates: variant.candidates,
        fuser: normaliseStep(variant.fuser, functionType, schemaNames, [...path, 'fuser'], ctx),
        timeoutMs: variant.timeouts?.non_streaming?.total_ms ?? secondsToMs(variant.timeout_s),
      };
    case 'experimental_dynamic_in_context_learning': {
      checkModel(variant.model, [...path, 'model'], ctx);
      checkJsonMode(variant.json_mode, functionType, path, ctx);
      const embeddings = ctx.embeddingModels ?? {};
      if (!embeddings[variant.embedding_model] && !isKnownModelName(variant.embedding_model, {})) {
        ctx.fail([...path, 'embedding_model'], `embedding model '${variant.embedding_model}' is neither an [embedding_models] entry nor a "provider::model" short-hand`);
      }
      return {
        ...base,
        type: variant.type,
        model: variant.model,
        embeddingModel: variant.embedding_model,
        k: variant.k,
        maxDistance: variant.max_distance,
        systemInstructions: variant.system_instructions?.contents ?? DEFAULT_DICL_INSTRUCTIONS,
        params: params(variant),
        retries: retries(variant.retries),
        timeoutMs: variant.timeouts?.non_streaming?.total_ms,
      };
    }
  }
}

/** A chat completion's model, templates and parameters (a variant body, an evaluator or a fuser). */
function normaliseStep(
  step: RawChatCompletionVariant | RawCompletionStep,
  functionType: RawFunction['type'],
  schemaNames: string[],
  path: KeyPath,
  ctx: FunctionContext,
  defaultJsonMode?: 'strict',
): CompletionStep {
  checkModel(step.model, [...path, 'model'], ctx);
  // evaluators answer in JSON whatever the function's type; their json_mode defaults to strict
  if (defaultJsonMode === undefined) checkJsonMode(step.json_mode, functionType, path, ctx);

  const templates: Record<string, VariantTemplate> = {};
  const addTemplate = (templateName: string, file: ConfigFileRef, legacy: boolean, keyPath: KeyPath) => {
    if (templates[templateName]) ctx.fail(keyPath, `template '${templateName}' is declared twice (legacy and templates.${templateName})`);
    try {
      templates[templateName] = { name: templateName, file, compiled: compileTemplate(ctx.templateEnv, file.contents, file.relativePath), legacy };
    } catch (err) {
      if (err instanceof TemplateSyntaxError) ctx.fail(keyPath, err.message);
      throw err;
    }
  };
  for (const role of ROLES) {
    const file = step[`${role}_template`];
    if (file) addTemplate(role, file, true, [...path, `${role}_template`]);
  }
  for (const [templateName, entry] of Object.entries(step.templates ?? {})) {
    addTemplate(templateName, entry.path, false, [...path, 'templates', templateName, 'path']);
  }
  if (!step.input_wrappers) {
    for (const schemaName of schemaNames) {
      if (!templates[schemaName]) ctx.fail(path, `function has a '${schemaName}' schema but this variant has no '${schemaName}' template`);
    }
  }
  const stepParams = params(step);
  if (defaultJsonMode && stepParams.jsonMode === undefined) stepParams.jsonMode = defaultJsonMode;
  return { model: step.model, templates, params: stepParams, retries: retries(step.retries), timeoutMs: step.timeouts?.non_streaming?.total_ms };
}

function checkModel(model: string, path: KeyPath, ctx: FunctionContext): void {
  if (!isKnownModelName(model, ctx.models)) ctx.fail(path, `model '${model}' is neither a [models] entry nor a known "provider::model" short-hand`);
}

function checkJsonMode(jsonMode: string | undefined, functionType: RawFunction['type'], path: KeyPath, ctx: FunctionContext): void {
  if (functionType === 'chat' && jsonMode !== undefined) ctx.fail([...path, 'json_mode'], 'is not allowed for chat functions');
  if (functionType === 'json' && jsonMode === undefined) {
    ctx.fail([...path, 'json_mode'], 'is required for variants of json functions ("off", "on", "strict" or "tool")');
  }
}

type RawParams = Pick<RawCompletionStep, 'temperature' | 'max_tokens' | 'seed' | 'top_p' | 'presence_penalty' | 'frequency_penalty' | 'stop_sequences' | 'json_mode' | 'reasoning_effort' | 'thinking_budget_tokens' | 'service_tier' | 'verbosity'>;

function params(raw: RawParams): CompletionStep['params'] {
  return {
    temperature: raw.temperature,
    maxTokens: raw.max_tokens,
    seed: raw.seed,
    topP: raw.top_p,
    presencePenalty: raw.presence_penalty,
    frequencyPenalty: raw.frequency_penalty,
    stopSequences: raw.stop_sequences,
    jsonMode: raw.json_mode === 'implicit_tool' ? 'tool' : raw.json_mode,
    reasoningEffort: raw.reasoning_effort,
    thinkingBudgetTokens: raw.thinking_budget_tokens,
    serviceTier: raw.service_tier,
    verbosity: raw.verbosity,
  };
}

function retries(raw: RawCompletionStep['retries']): CompletionStep['retries'] {
  return { numRetries: raw?.num_retries ?? 0, maxDelayS: raw?.max_delay_s ?? 10 };
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}
