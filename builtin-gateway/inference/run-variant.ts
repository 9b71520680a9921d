import type { ResponseContentBlock } from '../../gateway/wire';
import type { ProviderRequest, ProviderResponse } from '../../providers/types';
import type { ChatCompletionParams, FunctionConfig, JsonMode, LoadedSchema, RetryConfig, VariantTemplate } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { buildPrompt, type Prompt } from './build-prompt';
import { callModel } from './call-model';
import type { NormalisedInput } from './normalise-input';
import type { PreparedTools } from './prepare-tools';
import { chatContent, JSON_TOOL_NAME, jsonOutput } from './response-content';

/** The templates and timeout of the completion being run (a variant, an evaluator, a fuser). */
export interface CompletionTemplates {
  /** the variant's name, for messages */
  name: string;
  templates: Record<string, VariantTemplate>;
  timeoutMs?: number;
}

/** What one chat completion (a variant's, or the `model_name` passthrough) is asked to do. */
export interface VariantRun {
  fn?: FunctionConfig;
  variant?: CompletionTemplates;
  modelName: string;
  input: NormalisedInput;
  /** variant params with the request's `params.chat_completion` applied on top */
  params: ChatCompletionParams;
  retries: RetryConfig;
  tools: PreparedTools;
  /** json functions: the output schema in force */
  outputSchema?: LoadedSchema;
  credentials?: Record<string, string>;
}

/** One provider call made while serving a variant (composite variants make several). */
export interface ModelCall {
  modelName: string;
  providerName: string;
  response: ProviderResponse;
  responseTimeMs: number;
}

export interface VariantOutcome {
  content?: ResponseContentBlock[];
  output?: { raw: string | null; parsed: Record<string, unknown> | null };
  /** the answer's provider response; for composite variants its usage is the sum over `calls` */
  response: ProviderResponse;
  /** every provider call, in the order made */
  calls: ModelCall[];
}

/** Renders the prompt, calls the model, and reads the output (chat blocks or json). */
export async function runVariant(ctx: GatewayContext, run: VariantRun): Promise<VariantOutcome> {
  return runPrompt(ctx, run, buildPrompt(run.fn, run.variant, run.input));
}

/** Calls the model with an already built prompt and reads the output as `runVariant` does. */
export async function runPrompt(ctx: GatewayContext, run: VariantRun, prompt: Prompt): Promise<VariantOutcome> {
  const p = run.params;
  const request: ProviderRequest = {
    system: prompt.system,
    messages: prompt.messages,
    temperature: p.temperature,
    maxTokens: p.maxTokens,
    seed: p.seed,
    topP: p.topP,
    presencePenalty: p.presencePenalty,
    frequencyPenalty: p.frequencyPenalty,
    stopSequences: p.stopSequences,
    reasoningEffort: p.reasoningEffort,
    serviceTier: p.serviceTier,
    verbosity: p.verbosity,
  };
  const jsonMode: JsonMode = p.jsonMode ?? 'strict';
  if (run.outputSchema) {
    if (jsonMode === 'strict') request.responseFormat = { type: 'json_schema', name: 'response', schema: run.outputSchema.schema, strict: true };
    if (jsonMode === 'on') request.responseFormat = { type: 'json_object' };
    if (jsonMode === 'tool') {
      request.tools = [{ name: JSON_TOOL_NAME, description: 'Respond with a JSON object that follows the output schema.', parameters: run.outputSchema.schema }];
      request.toolChoice = { specific: JSON_TOOL_NAME };
    }
  } else if (run.tools.tools.length > 0) {
    request.tools = run.tools.tools;
    request.toolChoice = run.tools.toolChoice;
    request.parallelToolCalls = run.tools.parallelToolCalls;
  }

  const call = await callModel(ctx.models, run.modelName, request, {
    retries: run.retries,
    variantTimeoutMs: run.variant?.timeoutMs,
    globalTimeoutMs: ctx.config.gateway.globalOutboundHttpTimeoutMs,
    credentials: run.credentials,
  });
  const base = { response: call.response, calls: [{ modelName: run.modelName, ...call }] };
  if (run.outputSchema) return { ...base, output: jsonOutput(call.response, jsonMode, run.outputSchema.validate) };
  return { ...base, content: chatContent(call.response, run.tools.validators) };
}
