import type { ChatCompletionParams, CompletionStep, FunctionConfig, LoadedSchema } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { runBestOfN } from './best-of-n';
import { runChainOfThought } from './chain-of-thought';
import { runDynamicInContextLearning } from './dynamic-in-context-learning';
import { runMixtureOfN } from './mixture-of-n';
import type { NormalisedInput } from './normalise-input';
import type { PreparedTools } from './prepare-tools';
import { runVariant, type VariantOutcome, type VariantRun } from './run-variant';

/** What every variant of one `POST /inference` shares. */
export interface FunctionVariantRequest {
  fn: FunctionConfig;
  input: NormalisedInput;
  /** the request's `params.chat_completion` (applies to chat_completion and chain-of-thought variants) */
  requestParams: ChatCompletionParams;
  tools: PreparedTools;
  /** json functions: the output schema in force */
  outputSchema?: LoadedSchema;
  credentials?: Record<string, string>;
}

/** The variant loaded but the built-in gateway cannot run it (config/unservable-variants.ts). */
export class VariantUnservableError extends Error {
  override name = 'VariantUnservableError';
  constructor(
    readonly variantName: string,
    readonly reason: string,
  ) {
    super(`variant '${variantName}' cannot be served by the built-in gateway: ${reason}`);
  }
}

/** Runs one of the function's variants, whatever its type; composite variants run their candidates through here. */
export async function runFunctionVariant(ctx: GatewayContext, request: FunctionVariantRequest, variantName: string): Promise<VariantOutcome> {
  const variant = request.fn.variants[variantName];
  if (variant.unservable) throw new VariantUnservableError(variantName, variant.unservable);
  const runCandidate = (name: string) => runFunctionVariant(ctx, request, name);
  switch (variant.type) {
    case 'chat_completion':
      return runVariant(ctx, completionRun(request, variant.name, variant, true));
    case 'experimental_chain_of_thought':
      return runChainOfThought(ctx, completionRun(request, variant.name, variant, true));
    case 'experimental_best_of_n_sampling':
      return runBestOfN(ctx, request, variant, runCandidate);
    case 'experimental_mixture_of_n':
      return runMixtureOfN(ctx, request, variant, runCandidate);
    case 'experimental_dynamic_in_context_learning':
      return runDynamicInContextLearning(ctx, request, variant);
  }
}

/** A chat completion of `step` (a variant body, an evaluator or a fuser) on the request's input. */
export function completionRun(request: FunctionVariantRequest, name: string, step: CompletionStep, withRequestParams: boolean): VariantRun {
  return {
    fn: request.fn,
    variant: { name, templates: step.templates, timeoutMs: step.timeoutMs },
    modelName: step.model,
    input: request.input,
    params: withRequestParams ? { ...step.params, ...request.requestParams } : step.params,
    retries: step.retries,
    tools: request.tools,
    outputSchema: request.outputSchema,
    credentials: request.credentials,
  };
}
