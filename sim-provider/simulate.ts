import { sortKeysDeep } from '../common/atomic-write';
import { tryParseObject } from '../common/oracle-contract/embedded-json';
import { genericReply } from './generic-reply';
import { renderJson, renderMalformedJson } from './json-malformations';
import { messageText, type ChatCompletionRequest, type ChatCompletionToolCall, type ChatCompletionUsage, type FinishReason } from './openai-wire';
import { findOracleAnswer, listOracles } from './oracles';
import { createRng, pickWeighted, poisson } from './prng';
import { extractPromptFeatures, type PromptFeatures } from './prompt-features';
import { withReasoning } from './reasoning-text';
import { responseSurface } from './response-surface';
import { rewriteOracle } from './rewrite-oracle';
import { errorProfile, type ErrorProfile } from './skill';
import { costUsd, resolveTier, type SimTier } from './tiers';
import type { Mistake, Oracle, Rng } from '../common/oracle-contract/oracle';

export interface SimulateOptions {
  seed: number;
  /** default: the process-wide registry (oracles.ts); the generic rewrite skill is always asked first */
  oracles?: readonly Oracle[];
}

export type SimulationOutcome = 'ideal' | 'mistakes' | 'schema_violation' | 'malformed' | 'generic';

/** How an answer came about; for tests and debugging, never sent on the wire. */
export interface SimulationTrace {
  oracle: string | null;
  features: PromptFeatures;
  profile: ErrorProfile;
  outcome: SimulationOutcome;
  /** names of the mistakes and malformations applied, in order */
  mistakes: string[];
}

export interface SimulatedCompletion {
  tier: SimTier;
  content: string | null;
  toolCalls: ChatCompletionToolCall[];
  finishReason: FinishReason;
  usage: ChatCompletionUsage;
  /** a uniform draw in [0, 1) for the latency jitter, so latency is reproducible too */
  latencyUnit: number;
  trace: SimulationTrace;
}

/** ~4 characters per token, like the usual rule of thumb for English text. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The simulated model's answer to a chat-completions request. Pure and deterministic: the same
 * seed, model and request give the same answer. Throws UnknownSimTierError for an unknown model.
 */
export function simulateCompletion(request: ChatCompletionRequest, options: SimulateOptions): SimulatedCompletion {
  const tier = resolveTier(request.model);
  const rng = createRng(`${options.seed}\n${tier.name}\n${canonicalRequest(request)}`);
  const latencyUnit = rng.next();
  const found = findOracleAnswer(request, [rewriteOracle, ...(options.oracles ?? listOracles())]);
  const answer = found?.answer ?? null;
  const judge = found?.judgeExample;
  const features = extractPromptFeatures(request, {
    outputKeys: answer?.kind === 'json' ? answer.outputKeys : undefined,
    conversation: answer?.conversation,
    judge: judge ? (example) => judge(example, request) : undefined,
  });
  const profile = errorProfile(tier, features, responseSurface(options.seed));
  // Fixed draw order keeps answers stable: format outcome first, then the content mistakes.
  const malformed = rng.chance(profile.malformedJsonProbability);
  const schemaViolation = rng.chance(profile.schemaViolationProbability);
  const mistakeCount = answer ? poisson(rng, profile.mistakeRate * answer.difficulty) : 0;

  const applied: string[] = [];
  let content: string | null = null;
  let toolCalls: ChatCompletionToolCall[] = [];
  let outcome: SimulationOutcome = 'generic';

  if (!answer) {
    content = genericReply(request, rng);
  } else if (answer.kind === 'json') {
    let value = applyMistakes(answer.ideal, weighted(answer.mistakes, profile), mistakeCount, rng, applied);
    outcome = applied.length > 0 ? 'mistakes' : 'ideal';
    if (schemaViolation) {
      const before = applied.length;
      value = applyMistakes(value, answer.schemaMistakes, 1, rng, applied);
      if (applied.length > before) outcome = 'schema_violation';
    }
    // asked to reason into a key: the reasoning comes first (more output tokens, more latency)
    if (features.reasoningKey) value = withReasoning(request, value, features.reasoningKey) ?? value;
    if (malformed) {
      const rendered = renderMalformedJson(value, rng);
      applied.push(rendered.kind);
      content = rendered.text;
      outcome = 'malformed';
    } else {
      content = renderJson(value, rng);
    }
  } else if (answer.kind === 'text') {
    content = applyMistakes(answer.ideal, weighted(answer.mistakes, profile), mistakeCount, rng, applied);
    outcome = applied.length > 0 ? 'mistakes' : 'ideal';
    // a text answer that is a JSON object (e.g. {"action": …}) takes the reasoning key the same way
    const asObject = features.reasoningKey ? tryParseObject(content.trim()) : null;
    const reasoned = asObject && features.reasoningKey ? withReasoning(request, asObject, features.reasoningKey) : null;
    if (reasoned) content = JSON.stringify(reasoned);
  } else {
    const call = applyMistakes(answer.ideal, weighted(answer.mistakes, profile), mistakeCount, rng, applied);
    outcome = applied.length > 0 ? 'mistakes' : 'ideal';
    toolCalls = [{ id: `call_${hexId(rng)}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }];
  }

  let finishReason: FinishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? null;
  if (maxTokens !== null) {
    if (content !== null && countTokens(content) > maxTokens) {
      content = content.slice(0, maxTokens * 4);
      finishReason = 'length';
    }
    for (const call of toolCalls) {
      if (countTokens(call.function.arguments) > maxTokens) {
        call.function.arguments = call.function.arguments.slice(0, maxTokens * 4);
        finishReason = 'length';
      }
    }
  }

  const promptTokens = countTokens(promptText(request));
  const completionTokens = countTokens((content ?? '') + toolCalls.map((c) => c.function.name + c.function.arguments).join(''));
  return {
    tier,
    content,
    toolCalls,
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      cost: costUsd(tier, promptTokens, completionTokens),
    },
    latencyUnit,
    trace: { oracle: found?.oracle ?? null, features, profile, outcome, mistakes: applied },
  };
}

/** The request as sorted-key JSON, without fields that do not change the answer. */
export function canonicalRequest(request: ChatCompletionRequest): string {
  const { stream: _stream, stream_options: _streamOptions, model: _model, ...rest } = request as ChatCompletionRequest & { stream_options?: unknown };
  return JSON.stringify(sortKeysDeep(rest));
}

/** The oracle's mistakes with the weights of those wrong examples demonstrated raised. */
function weighted<T>(mistakes: readonly Mistake<T>[], profile: ErrorProfile): Mistake<T>[] {
  return mistakes.map((m) => (profile.mistakeWeights[m.name] ? { ...m, weight: m.weight * profile.mistakeWeights[m.name] } : m));
}

/** Applies up to `count` mistakes, each chosen by weight among those that apply. */
function applyMistakes<T>(value: T, mistakes: readonly Mistake<T>[], count: number, rng: Rng, applied: string[]): T {
  let current = value;
  for (let i = 0; i < count; i++) {
    const candidates = [...mistakes];
    for (;;) {
      const mistake = pickWeighted(rng, candidates);
      if (!mistake) return current;
      const next = mistake.apply(current, rng);
      if (next !== null) {
        current = next;
        applied.push(mistake.name);
        break;
      }
      candidates.splice(candidates.indexOf(mistake), 1);
    }
  }
  return current;
}

function promptText(request: ChatCompletionRequest): string {
  const messages = request.messages
    .map((m) => messageText(m) + (m.tool_calls ?? []).map((c) => c.function.name + c.function.arguments).join(''))
    .join('\n');
  return request.tools?.length ? messages + JSON.stringify(request.tools) : messages;
}

function hexId(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += Math.floor(rng.next() * 0x10000).toString(16).padStart(4, '0');
  return out;
}
