/**
 * Which loaded variants the built-in gateway cannot serve, and why. Such a variant still loads
 * (the config is valid TensorZero config); running it fails with the reason, and config-edit
 * validation refuses an edit that would deploy it (gateway/edits/).
 */
import { parseShorthand } from '../models/shorthand';
import type { EmbeddingModelConfig, FunctionConfig } from './types';

/** Provider types whose OpenAI-compatible `/embeddings` route the built-in gateway calls. */
export const EMBEDDING_PROVIDER_TYPES = ['openai', 'sim', 'vllm', 'sglang'] as const;

export interface UnservableVariant {
  functionName: string;
  variantName: string;
  reason: string;
}

/** Sets `unservable` on variants that need something the built-in gateway lacks (in place). */
export function markUnservableVariants(functions: Record<string, FunctionConfig>, embeddingModels: Record<string, EmbeddingModelConfig>): void {
  for (const fn of Object.values(functions)) {
    for (const variant of Object.values(fn.variants)) {
      if (variant.unservable || variant.type !== 'experimental_dynamic_in_context_learning') continue;
      const problem = embeddingModelProblem(variant.embeddingModel, embeddingModels);
      if (problem) variant.unservable = problem;
    }
    // best-of-n / mixture-of-n inherit a candidate's problem; repeat until nothing changes (chains)
    for (let changed = true; changed; ) {
      changed = false;
      for (const variant of Object.values(fn.variants)) {
        if (variant.unservable || (variant.type !== 'experimental_best_of_n_sampling' && variant.type !== 'experimental_mixture_of_n')) continue;
        const bad = variant.candidates.find((c) => fn.variants[c]?.unservable);
        const reason = bad
          ? `candidate '${bad}' cannot be served: ${fn.variants[bad].unservable}`
          : reachesItself(fn, variant.name)
            ? 'its candidates include itself (directly or through other variants)'
            : undefined;
        if (reason) {
          variant.unservable = reason;
          changed = true;
        }
      }
    }
  }
}

export function listUnservableVariants(functions: Record<string, FunctionConfig>): UnservableVariant[] {
  return Object.values(functions).flatMap((fn) =>
    Object.values(fn.variants)
      .filter((v) => v.unservable !== undefined)
      .map((v) => ({ functionName: fn.name, variantName: v.name, reason: v.unservable as string })),
  );
}

function embeddingModelProblem(name: string, embeddingModels: Record<string, EmbeddingModelConfig>): string | undefined {
  const configured = embeddingModels[name];
  const types = configured ? configured.routing.map((p) => configured.providers[p].type) : [parseShorthand(name)?.providerType ?? ''];
  if (types.some((t) => (EMBEDDING_PROVIDER_TYPES as readonly string[]).includes(t))) return undefined;
  return `embedding model '${name}' uses provider type(s) ${types.map((t) => `'${t}'`).join(', ')}; the built-in gateway makes embeddings only with ${EMBEDDING_PROVIDER_TYPES.join(', ')}`;
}

function reachesItself(fn: FunctionConfig, start: string): boolean {
  const seen = new Set<string>();
  const stack = [...candidatesOf(fn, start)];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (name === start) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...candidatesOf(fn, name));
  }
  return false;
}

function candidatesOf(fn: FunctionConfig, name: string): string[] {
  const variant = fn.variants[name];
  return variant && (variant.type === 'experimental_best_of_n_sampling' || variant.type === 'experimental_mixture_of_n') ? variant.candidates : [];
}
