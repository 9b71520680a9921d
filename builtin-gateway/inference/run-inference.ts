import { uuid7, uuid7Timestamp } from '../../common/uuid7';
import type { InferenceInput, InferenceResponse } from '../../gateway/wire';
import { ProviderError } from '../../providers/types';
import type { ChatCompletionParams, FunctionConfig, LoadedSchema } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { badRequest, HttpError, notFound } from '../http/http-error';
import { createSchemaCompiler } from '../json-schema/schema-compiler';
import type { InferenceRecord } from '../store/types';
import { TemplateRenderError } from '../templates/render-template';
import { VariantInputError } from './build-prompt';
import { checkDynamicVariantRequest, withDynamicVariant } from './dynamic-variant';
import { normaliseInput } from './normalise-input';
import { prepareTools } from './prepare-tools';
import type { ChatCompletionParamsBody, InferenceRequestBody } from './request-schema';
import { checkUserTags, checkUuid7 } from './request-ids';
import { CandidatesFailedError } from './candidates';
import { runFunctionVariant, VariantUnservableError, type FunctionVariantRequest } from './run-function-variant';
import { runVariant, type VariantOutcome } from './run-variant';
import { validateInputAgainstSchemas } from './validate-input';

export const DEFAULT_FUNCTION_NAME = 'tensorzero::default';

interface VariantFailure {
  variant: string;
  error: Error;
}

/**
 * Serves one `POST /inference`: validates the request, picks variants (pinned, or sampled
 * with failed ones removed from the pool), runs them, stores the result (unless dry-run or
 * observability is off) and returns TensorZero's response shape.
 */
export async function runInference(ctx: GatewayContext, body: InferenceRequestBody): Promise<InferenceResponse> {
  const started = performance.now();
  const inferenceId = uuid7();
  if (body.stream) throw badRequest('streaming not supported by the built-in gateway');
  if (body.include_aggregated_response) throw badRequest('include_aggregated_response requires stream = true');
  if ((body.function_name === undefined) === (body.model_name === undefined)) {
    throw badRequest('exactly one of function_name or model_name is required');
  }
  checkDynamicVariantRequest(body);
  const episodeId = body.episode_id !== undefined ? checkUuid7(body.episode_id, 'episode_id') : uuid7();
  const tags = checkUserTags(body.tags);
  const input = normaliseInput(body.input);
  const params = mergeParams(body.params?.chat_completion);

  let functionName: string;
  let outcome: VariantOutcome;
  let variantName: string;
  if (body.model_name !== undefined) {
    if (body.variant_name !== undefined) throw badRequest('variant_name cannot be used with model_name');
    if (body.output_schema !== undefined) throw badRequest('output_schema is only allowed for json functions');
    ctx.models.resolve(body.model_name, body.credentials); // unknown model → 404 before anything runs
    functionName = DEFAULT_FUNCTION_NAME;
    const modelName = (variantName = body.model_name);
    outcome = await runWithFailures([variantName], async () =>
      runVariant(ctx, {
        modelName,
        input,
        params,
        retries: { numRetries: 0, maxDelayS: 10 },
        tools: prepareTools(undefined, ctx.config, body),
        credentials: body.credentials,
      }),
    );
  } else {
    functionName = body.function_name as string;
    let fn = ctx.config.functions[functionName];
    if (!fn) throw notFound(`unknown function '${functionName}'`);
    // a dry-run with the request's own variant object: that variant is the function's only one, pinned
    if (body.internal_dynamic_variant_config !== undefined) ({ fn, body } = withDynamicVariant(ctx.config, fn, body));
    if (Object.keys(fn.variants).length === 0) throw badRequest(`function '${functionName}' has no variants`);
    if (body.variant_name !== undefined && !fn.variants[body.variant_name]) {
      throw notFound(`unknown variant '${body.variant_name}' for function '${functionName}'`);
    }
    if (body.output_schema !== undefined && fn.type !== 'json') throw badRequest('output_schema is only allowed for json functions');
    validateInputAgainstSchemas(fn, input);
    const outputSchema = fn.type === 'json' ? requestOutputSchema(body, fn) : undefined;
    const tools = prepareTools(fn, ctx.config, body);
    const request: FunctionVariantRequest = { fn, input, requestParams: params, tools, outputSchema, credentials: body.credentials };
    if (body.variant_name !== undefined) tags['tensorzero::variant_pinned'] = body.variant_name;
    if (body.namespace !== undefined) tags['tensorzero::namespace'] = body.namespace;
    const picked = await pickAndRun(ctx, fn, body, episodeId, (name) => runFunctionVariant(ctx, request, name));
    outcome = picked.outcome;
    variantName = picked.variantName;
  }

  const usage = {
    input_tokens: outcome.response.usage.inputTokens,
    output_tokens: outcome.response.usage.outputTokens,
    cost: outcome.response.usage.cost ?? null,
  };
  const response: InferenceResponse = {
    inference_id: inferenceId,
    episode_id: episodeId,
    variant_name: variantName,
    ...(outcome.output ? { output: outcome.output } : { content: outcome.content ?? [] }),
    usage,
    finish_reason: outcome.response.finishReason,
  };

  if (!body.dryrun && ctx.config.gateway.observabilityEnabled !== false) {
    const createdAt = new Date(uuid7Timestamp(inferenceId)).toISOString();
    const record: InferenceRecord = {
      id: inferenceId,
      functionName,
      functionType: outcome.output ? 'json' : 'chat',
      variantName,
      episodeId,
      input: body.input as InferenceInput, // stored as received
      output: outcome.output ?? outcome.content ?? [],
      usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cost: usage.cost },
      finishReason: outcome.response.finishReason,
      processingTimeMs: Math.round(performance.now() - started),
      tags,
      createdAt,
    };
    await ctx.store.insertInference(
      record,
      outcome.calls.map((call) => ({
        id: uuid7(),
        inferenceId,
        modelName: call.modelName,
        modelProviderName: call.providerName,
        inputTokens: call.response.usage.inputTokens,
        outputTokens: call.response.usage.outputTokens,
        cost: call.response.usage.cost ?? null,
        responseTimeMs: call.responseTimeMs,
        finishReason: call.response.finishReason,
        rawRequest: call.response.rawRequest,
        rawResponse: call.response.rawResponse,
        createdAt,
      })),
    );
  }
  return response;
}

/** Request params (snake_case) as variant params; only the fields the request sets. */
function mergeParams(body: ChatCompletionParamsBody | undefined): ChatCompletionParams {
  if (!body) return {};
  const out: ChatCompletionParams = {
    temperature: body.temperature,
    maxTokens: body.max_tokens,
    seed: body.seed,
    topP: body.top_p,
    presencePenalty: body.presence_penalty,
    frequencyPenalty: body.frequency_penalty,
    stopSequences: body.stop_sequences,
    jsonMode: body.json_mode === 'implicit_tool' ? 'tool' : body.json_mode,
    reasoningEffort: body.reasoning_effort,
    thinkingBudgetTokens: body.thinking_budget_tokens,
    serviceTier: body.service_tier,
    verbosity: body.verbosity,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ChatCompletionParams;
}

function requestOutputSchema(body: InferenceRequestBody, fn: FunctionConfig): LoadedSchema {
  if (!body.output_schema) return fn.outputSchema as LoadedSchema;
  try {
    return { schema: body.output_schema, validate: createSchemaCompiler()(body.output_schema) };
  } catch (err) {
    throw badRequest(`output_schema is not a valid JSON Schema: ${(err as Error).message}`);
  }
}

async function pickAndRun(
  ctx: GatewayContext,
  fn: FunctionConfig,
  body: InferenceRequestBody,
  episodeId: string,
  run: (variant: string) => Promise<VariantOutcome>,
): Promise<{ outcome: VariantOutcome; variantName: string }> {
  const failures: VariantFailure[] = [];
  const excluded = new Set<string>();
  const sampler = ctx.samplers.samplerFor(fn.name, body.namespace);
  const maxAttempts = Object.keys(fn.variants).length;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const variantName =
      body.variant_name !== undefined
        ? attempt === 0
          ? body.variant_name
          : undefined
        : await sampler?.sample({ episodeId, excluded, dryrun: body.dryrun === true });
    if (variantName === undefined || excluded.has(variantName) || !fn.variants[variantName]) break;
    try {
      return { outcome: await run(variantName), variantName };
    } catch (err) {
      if (!isVariantFailure(err)) throw err;
      ctx.logger.warn({ functionName: fn.name, variantName, error: err.message }, 'variant failed');
      failures.push({ variant: variantName, error: err });
      excluded.add(variantName);
    }
  }
  throw failuresToHttpError(failures, fn.name);
}

async function runWithFailures(variants: string[], run: () => Promise<VariantOutcome>): Promise<VariantOutcome> {
  try {
    return await run();
  } catch (err) {
    if (!isVariantFailure(err)) throw err;
    throw failuresToHttpError([{ variant: variants[0], error: err }], DEFAULT_FUNCTION_NAME);
  }
}

function isVariantFailure(err: unknown): err is Error {
  return (
    err instanceof ProviderError ||
    err instanceof TemplateRenderError ||
    err instanceof VariantInputError ||
    err instanceof VariantUnservableError ||
    err instanceof CandidatesFailedError
  );
}

/** Input problems (templates, missing template names) are the caller's → 400; anything else → 502. */
function failuresToHttpError(failures: VariantFailure[], functionName: string): HttpError {
  if (failures.length === 0) return new HttpError(502, `no variant of function '${functionName}' is available`);
  const described = failures.map((f) => `variant '${f.variant}': ${f.error.message}`).join('; ');
  const inputProblem = failures.every((f) => f.error instanceof TemplateRenderError || f.error instanceof VariantInputError);
  if (inputProblem) return new HttpError(400, failures.length === 1 ? failures[0].error.message : `all variants failed: ${described}`);
  return new HttpError(502, `all variants failed: ${described}`);
}

