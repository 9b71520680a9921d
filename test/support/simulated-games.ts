import type { ChatCompletionRequest, ChatMessage } from '../../sim-provider/openai-wire';
import { simulateCompletion } from '../../sim-provider/simulate';
import { answerFromParsed, NO_QUESTION_REPLY, replyText } from '../../environments/twenty-questions/answers';
import { secretRequestText } from '../../environments/twenty-questions/helper-calls';
import { TWENTY_QUESTIONS_ORACLES } from '../../environments/twenty-questions/oracles';
import {
  ANSWER_QUESTION_OUTPUT_SCHEMA,
  ANSWER_QUESTION_SYSTEM_TEMPLATE,
  ASK_QUESTION_OUTPUT_SCHEMA,
  ASK_QUESTION_SYSTEM_TEMPLATE,
  GENERATE_SECRET_OUTPUT_SCHEMA,
  GENERATE_SECRET_SYSTEM_TEMPLATE,
  TWENTY_QUESTIONS_HORIZON,
} from '../../environments/twenty-questions/spec';

/**
 * Whole 21 Questions games played in-process against the simulator, with requests shaped like
 * the built-in gateway renders them (system template, plain-text turns, json_mode strict). For
 * measuring the simulated skill bands without servers; the end-to-end test covers the real path.
 */
export interface GameOptions {
  /** the asker's tier */
  tier: string;
  seed: number;
  gameKey: string;
  answererTier?: string;
  /** appended to the example system template (e.g. worked examples, step-by-step advice) */
  extraSystem?: string;
  /** 'json_schema' = json_mode strict (the generated default); 'none' = json_mode off */
  responseFormat?: 'json_schema' | 'none';
  temperature?: number;
}

export interface GameResult {
  secret: string;
  solved: boolean;
  questions: number;
}

export function playGame(options: GameOptions): GameResult {
  const answererTier = options.answererTier ?? 'large';
  const secret = complete({
    model: answererTier,
    messages: [
      { role: 'system', content: GENERATE_SECRET_SYSTEM_TEMPLATE },
      { role: 'user', content: secretRequestText(options.gameKey) },
    ],
    response_format: jsonSchema(GENERATE_SECRET_OUTPUT_SCHEMA),
  }, options.seed)?.secret as string;

  const conversation: ChatMessage[] = [];
  const answererTurns: ChatMessage[] = [];
  for (let asked = 1; asked <= TWENTY_QUESTIONS_HORIZON; asked++) {
    const remaining = TWENTY_QUESTIONS_HORIZON - asked + 1;
    const system = ASK_QUESTION_SYSTEM_TEMPLATE.replace('{{ remaining_questions }}', String(remaining)) + (options.extraSystem ?? '');
    const request: ChatCompletionRequest = { model: options.tier, messages: [{ role: 'system', content: system }, ...conversation] };
    if ((options.responseFormat ?? 'json_schema') === 'json_schema') request.response_format = jsonSchema(ASK_QUESTION_OUTPUT_SCHEMA);
    if (options.temperature !== undefined) request.temperature = options.temperature;
    const output = complete(request, options.seed, ['thinking', 'question']);
    conversation.push({ role: 'assistant', content: JSON.stringify(output ?? {}) });
    const question = typeof output?.question === 'string' && output.question.trim() ? output.question.trim() : null;
    if (!question) {
      conversation.push({ role: 'user', content: NO_QUESTION_REPLY });
      continue;
    }
    answererTurns.push({ role: 'user', content: question });
    const verdict = complete({
      model: answererTier,
      messages: [{ role: 'system', content: ANSWER_QUESTION_SYSTEM_TEMPLATE.replace('{{ secret }}', secret) }, ...answererTurns],
      response_format: jsonSchema(ANSWER_QUESTION_OUTPUT_SCHEMA),
    }, options.seed);
    const answer = answerFromParsed(verdict) ?? 'no';
    answererTurns.push({ role: 'assistant', content: JSON.stringify(verdict ?? {}) });
    conversation.push({ role: 'user', content: replyText(answer, secret) });
    if (answer === 'solved') return { secret, solved: true, questions: asked };
  }
  return { secret, solved: false, questions: TWENTY_QUESTIONS_HORIZON };
}

/** Solve rate and mean questions over `games` games per seed. */
export function measureGames(options: Omit<GameOptions, 'seed' | 'gameKey'>, seeds: number[], games: number): { solveRate: number; meanQuestions: number } {
  let solved = 0;
  let questions = 0;
  for (const seed of seeds) {
    for (let g = 0; g < games; g++) {
      const result = playGame({ ...options, seed, gameKey: `task ${g}` });
      if (result.solved) solved++;
      questions += result.questions;
    }
  }
  const n = seeds.length * games;
  return { solveRate: solved / n, meanQuestions: questions / n };
}

function jsonSchema(schema: Record<string, unknown>): ChatCompletionRequest['response_format'] {
  return { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } };
}

/** The completion parsed like a gateway with the output schema would: null when it does not parse or has the wrong keys. */
function complete(request: ChatCompletionRequest, seed: number, exactKeys?: string[]): Record<string, unknown> | null {
  const { content } = simulateCompletion(request, { seed, oracles: TWENTY_QUESTIONS_ORACLES });
  try {
    const value = JSON.parse(content ?? '');
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    if (exactKeys && (Object.keys(value).length !== exactKeys.length || !exactKeys.every((k) => typeof value[k] === 'string'))) return null;
    return value;
  } catch {
    return null;
  }
}
