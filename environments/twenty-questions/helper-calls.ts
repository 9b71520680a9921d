import { createHash } from 'node:crypto';
import type { InferenceRequest, InferenceResponse, InputMessage } from '../../gateway/wire';
import { t0FunctionName } from '../../gateway/t0-names';
import { DEFAULT_INFERENCE_RETRY_POLICY } from '../../scheduler/retry-policy';
import { withRetries } from '../../scheduler/with-retries';
import type { EnvironmentGateway } from '../types';
import { answerFromParsed, answerFromRaw } from './answers';
import { HelperOutputError } from './errors';
import { ANSWER_QUESTION, GENERATE_SECRET, TWENTY_QUESTIONS_ENV_NAME, type Answer } from './spec';

/**
 * The environment's own LLM calls, made through the run's gateway as functions of their own
 * (`21_questions_v0::generate_secret`, `21_questions_v0::answer_question`), so they are stored and
 * observable but never count towards `ask_question`'s metrics. They share the agent's episode id.
 */
export interface HelperContext {
  gateway: EnvironmentGateway;
  episodeId?: string;
}

/** One answered question, as the answerer sees its own history. */
export interface AnsweredQuestion {
  question: string;
  answer: Answer;
  explanation: string | null;
}

/** Unusable output is asked for again (with a different seed) this many times in all. */
const OUTPUT_ATTEMPTS = 3;

/** The generator's user message; the game key makes the request (and so a simulated answer) differ per game and repeat per key. */
export function secretRequestText(gameKey: string): string {
  return `New game (${gameKey}). Think of the secret for this game.`;
}

/** Sampling temperature of secret generation (the original asked its model at 1.5 "for creativity"). */
export const SECRET_TEMPERATURE = 1;

/**
 * The sampling seed of a game's secret: a greedy model answers the secret request the same way
 * whatever the game key (Qwen2.5-Coder 1.5B said "train" for every train game), so the secret
 * is sampled, with a seed from the key — a different secret per game, the same one per key. (The
 * system template also tells the model the key is no hint: sampled at 1 or even 1.5, the 1.5B
 * still took "train" from "train task …"; with that line it picked giraffe, dog, elephant, …)
 */
export function secretSeed(gameKey: string): number {
  return createHash('sha256').update(gameKey).digest().readUInt32LE(0) & 0x7fffffff;
}

export async function generateSecret(ctx: HelperContext, gameKey: string): Promise<string> {
  const messages: InputMessage[] = [{ role: 'user', content: [{ type: 'text', text: secretRequestText(gameKey) }] }];
  const sampling = { temperature: SECRET_TEMPERATURE, seed: secretSeed(gameKey) };
  return callUntilUsable(ctx, GENERATE_SECRET, { messages }, sampling, (response) => {
    const parsed = jsonOutput(response).parsed?.secret;
    if (typeof parsed === 'string' && parsed.trim()) return parsed.trim();
    const match = /"secret"\s*:\s*"([^"]+)"/.exec(rawText(response) ?? '');
    return match && match[1].trim() ? match[1].trim() : null;
  });
}

export async function answerQuestion(ctx: HelperContext, secret: string, history: AnsweredQuestion[], question: string): Promise<AnsweredQuestion> {
  const messages: InputMessage[] = [];
  for (const turn of history) {
    messages.push({ role: 'user', content: [{ type: 'text', text: turn.question }] });
    messages.push({ role: 'assistant', content: [{ type: 'text', text: JSON.stringify({ explanation: turn.explanation ?? '', answer: turn.answer }) }] });
  }
  messages.push({ role: 'user', content: [{ type: 'text', text: question }] });
  return callUntilUsable(ctx, ANSWER_QUESTION, { system: { secret }, messages }, null, (response) => {
    const parsed = jsonOutput(response).parsed;
    const answer = answerFromParsed(parsed) ?? answerFromRaw(rawText(response));
    if (!answer) return null;
    const explanation = typeof parsed?.explanation === 'string' ? parsed.explanation : null;
    return { question, answer, explanation };
  });
}

async function callUntilUsable<T>(
  ctx: HelperContext,
  functionName: string,
  input: InferenceRequest['input'],
  sampling: { temperature: number; seed: number } | null,
  read: (response: InferenceResponse) => T | null,
): Promise<T> {
  let lastOutput: string | null = null;
  for (let attempt = 1; attempt <= OUTPUT_ATTEMPTS; attempt++) {
    const request: InferenceRequest = {
      function_name: t0FunctionName(TWENTY_QUESTIONS_ENV_NAME, functionName),
      input,
      ...(ctx.episodeId ? { episode_id: ctx.episodeId } : {}),
      // A retry must not be the very same request: deterministic models (and caches) would repeat the output.
      ...chatCompletionParams(sampling, attempt),
    };
    // Transient gateway failures are retried like the agent's own inferences.
    const response = await withRetries(() => ctx.gateway.inference(request), { policy: DEFAULT_INFERENCE_RETRY_POLICY });
    const value = read(response);
    if (value !== null) return value;
    lastOutput = rawText(response)?.slice(0, 200) ?? null;
  }
  throw new HelperOutputError(TWENTY_QUESTIONS_ENV_NAME, t0FunctionName(TWENTY_QUESTIONS_ENV_NAME, functionName), OUTPUT_ATTEMPTS, lastOutput);
}

/** The request's sampling parameters: a sampled call's seed moves on by one per retry; a greedy call gets seed 1, 2, … on retries only. */
function chatCompletionParams(sampling: { temperature: number; seed: number } | null, attempt: number): Pick<InferenceRequest, 'params'> {
  if (sampling) return { params: { chat_completion: { temperature: sampling.temperature, seed: (sampling.seed + attempt - 1) & 0x7fffffff } } };
  return attempt > 1 ? { params: { chat_completion: { seed: attempt - 1 } } } : {};
}

function jsonOutput(response: InferenceResponse): { parsed: Record<string, unknown> | null } {
  return 'output' in response ? { parsed: response.output.parsed } : { parsed: null };
}

/** The model's text: a json function's raw output, or a chat function's text blocks. */
function rawText(response: InferenceResponse): string | null {
  if ('output' in response) return response.output.raw;
  const text = response.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  return text || null;
}
