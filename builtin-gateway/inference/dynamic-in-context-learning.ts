/**
 * `experimental_dynamic_in_context_learning` (reference/tensorzero.md §3.5): the input is
 * serialised and embedded with the variant's embedding model; the `k` stored examples nearest to
 * it (cosine distance, at most `max_distance`) become user/assistant turns before the input; the
 * system prompt is the variant's `system_instructions` (or TensorZero's default), and one chat
 * completion answers. Template blocks reach the model as their JSON, as TensorZero sends them.
 *
 * Examples: TensorZero reads them from a table its DICL optimisation workflow fills. The built-in
 * gateway has no such workflow, so its examples are this function's stored inferences that have a
 * demonstration (the demonstration is the example's output) — the source TensorZero's own DICL
 * recipe uses. Only the most recent `EXAMPLE_POOL_SIZE` inferences are searched.
 */
import { ProviderError } from '../../providers/types';
import type { DynamicInContextLearningVariant } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { embedText } from '../models/embed';
import { buildPrompt } from './build-prompt';
import { normaliseInput, type NormalisedBlock, type NormalisedInput } from './normalise-input';
import type { FunctionVariantRequest } from './run-function-variant';
import { runPrompt, type VariantOutcome } from './run-variant';

export const EXAMPLE_POOL_SIZE = 1000;
const MAX_CACHED_EMBEDDINGS = 10_000;

interface Example {
  input: string;
  output: string;
  distance: number;
}

/** Embeddings of stored example inputs, per gateway, so each is computed once. */
const embeddingCaches = new WeakMap<GatewayContext, Map<string, number[]>>();

export async function runDynamicInContextLearning(ctx: GatewayContext, request: FunctionVariantRequest, variant: DynamicInContextLearningVariant): Promise<VariantOutcome> {
  const serialised = serialiseInput(request.input);
  const embed = (text: string) => cachedEmbedding(ctx, variant.embeddingModel, text, request.credentials);
  const target = await embed(serialised);
  const examples = await nearestExamples(ctx, request, variant, target, embed);

  const name = variant.name;
  const run = {
    fn: request.fn,
    variant: { name, templates: {}, timeoutMs: variant.timeoutMs },
    modelName: variant.model,
    input: request.input,
    params: variant.params,
    retries: variant.retries,
    tools: request.tools,
    outputSchema: request.outputSchema,
    credentials: request.credentials,
  };
  const asked = buildPrompt(undefined, { name, templates: {} }, { messages: request.input.messages.map(templatesAsJson) });
  return runPrompt(ctx, run, {
    system: variant.systemInstructions,
    messages: [
      ...examples.flatMap((e) => [
        { role: 'user' as const, content: [{ type: 'text' as const, text: e.input }] },
        { role: 'assistant' as const, content: [{ type: 'text' as const, text: e.output }] },
      ]),
      ...asked.messages,
    ],
  });
}

/** The text that is embedded: the input as JSON, template blocks as text holding their JSON. */
export function serialiseInput(input: NormalisedInput): string {
  return JSON.stringify({
    ...(input.system !== undefined ? { system: input.system } : {}),
    messages: input.messages.map((m) => ({ role: m.role, content: m.blocks.map(blockJson) })),
  });
}

function blockJson(block: NormalisedBlock): Record<string, unknown> {
  switch (block.kind) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'template':
      return { type: 'text', text: JSON.stringify({ type: 'template', name: block.name, arguments: block.arguments }) };
    case 'raw_text':
      return { type: 'raw_text', value: block.value };
    case 'tool_call':
      return { type: 'tool_call', id: block.id, name: block.name, arguments: block.arguments };
    case 'tool_result':
      return { type: 'tool_result', id: block.id, name: block.name, result: block.result };
  }
}

function templatesAsJson(message: NormalisedInput['messages'][number]): NormalisedInput['messages'][number] {
  return {
    role: message.role,
    blocks: message.blocks.map((b) => (b.kind === 'template' ? { kind: 'text', text: JSON.stringify({ type: 'template', name: b.name, arguments: b.arguments }) } : b)),
  };
}

async function nearestExamples(
  ctx: GatewayContext,
  request: FunctionVariantRequest,
  variant: DynamicInContextLearningVariant,
  target: number[],
  embed: (text: string) => Promise<number[]>,
): Promise<Example[]> {
  const stored = await ctx.store.listInferences({ functionName: request.fn.name, limit: EXAMPLE_POOL_SIZE, offset: 0 });
  if (stored.length === 0) return [];
  const latestDemonstration = new Map<string, unknown>();
  for (const row of await ctx.store.feedbackForTargets(stored.map((s) => s.id))) {
    if (row.kind === 'demonstration') latestDemonstration.set(row.targetId, row.value); // oldest first: the last one wins
  }
  const examples: Example[] = [];
  for (const inference of stored) {
    if (!latestDemonstration.has(inference.id)) continue;
    const input = serialiseInput(normaliseInput(inference.input as Parameters<typeof normaliseInput>[0]));
    const distance = cosineDistance(target, await embed(input));
    if (variant.maxDistance !== undefined && distance > variant.maxDistance) continue;
    examples.push({ input, output: demonstrationText(latestDemonstration.get(inference.id)), distance });
  }
  return examples.sort((a, b) => a.distance - b.distance).slice(0, variant.k);
}

/** A chat demonstration's text blocks joined (or the string itself); a json demonstration as JSON. */
function demonstrationText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value.map((b) => (b && typeof b === 'object' && typeof (b as { text?: unknown }).text === 'string' ? (b as { text: string }).text : JSON.stringify(b))).join('\n');
  }
  return JSON.stringify(value);
}

async function cachedEmbedding(ctx: GatewayContext, model: string, text: string, credentials: Record<string, string> | undefined): Promise<number[]> {
  let cache = embeddingCaches.get(ctx);
  if (!cache) embeddingCaches.set(ctx, (cache = new Map()));
  const key = `${model}\n${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { embedding } = await embedText(ctx.config, ctx.env, model, text, { credentials, timeoutMs: ctx.config.gateway.globalOutboundHttpTimeoutMs });
  if (cache.size >= MAX_CACHED_EMBEDDINGS) cache.delete(cache.keys().next().value as string);
  cache.set(key, embedding);
  return embedding;
}

export function cosineDistance(a: number[], b: number[]): number {
  if (a.length !== b.length) {
    // a variant failure (the embedding model changed under stored examples), not a gateway crash
    throw new ProviderError(`embeddings of different lengths (${a.length} and ${b.length})`, 'embeddings', undefined, false, { kind: 'invalid_response' });
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}
