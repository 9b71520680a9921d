import { createHash } from 'node:crypto';
import { lastUserText, type ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import type { ExampleVerdict, JsonOracleAnswer, Mistake, Oracle, WorkedExample } from '../../common/oracle-contract/oracle';
import { ASKER_SCHEMA_MISTAKES, askerContentMistakes } from './asker-mistakes';
import { deduce, planNext, planQuestion, planThinking } from './asker-strategy';
import { attributeById, CATALOGUE, findItem, hasTrait } from './catalogue';
import { interpretQuestion, questionNames } from './question-meaning';
import { readExchanges, recogniseCall, secretInPrompt } from './sim-request';
import { TWENTY_QUESTIONS_ENV_NAME, TWENTY_QUESTIONS_HORIZON, type Answer } from './spec';

/**
 * The simulator's 21 Questions knowledge (sim-provider/README.md): one oracle per call kind.
 * Registered answerer and generator first — their prompts are the specific ones.
 */
type Json = Record<string, unknown>;

/**
 * Expected mistakes per question of a typical asker prompt, before the tier and prompt features
 * scale it (sim-provider/skill.ts). Tuned so sim::small solves roughly half its games with the
 * example prompt and sim::large nearly all (twenty-questions/skill-bands.test.ts).
 */
export const ASKER_DIFFICULTY = 1.6;
/** The answerer rarely errs: a wrong answer misleads the asker for the rest of the game. */
export const ANSWERER_DIFFICULTY = 0.05;

/** Secret generation: a catalogue thing chosen by a hash of the request's user text (the game key). */
export const secretOracle: Oracle = {
  name: `${TWENTY_QUESTIONS_ENV_NAME}::generate_secret`,
  answer(request) {
    if (recogniseCall(request) !== 'generate_secret') return null;
    const digest = createHash('sha256').update(lastUserText(request)).digest();
    const secret = CATALOGUE[digest.readUInt32LE(0) % CATALOGUE.length].name;
    const answer: JsonOracleAnswer = { kind: 'json', ideal: { secret }, outputKeys: ['secret'], difficulty: 0, mistakes: [], schemaMistakes: [] };
    return answer;
  },
};

/** The answerer: truthful from the catalogue; "solved" when the question names the secret. */
export const answererOracle: Oracle = {
  name: `${TWENTY_QUESTIONS_ENV_NAME}::answer_question`,
  answer(request) {
    if (recogniseCall(request) !== 'answer_question') return null;
    const secret = secretInPrompt(request);
    if (!secret) return null;
    const verdict = judgeQuestion(secret, lastUserText(request));
    const answer: JsonOracleAnswer = {
      kind: 'json',
      ideal: { explanation: verdict.explanation, answer: verdict.answer },
      outputKeys: ['explanation', 'answer'],
      difficulty: verdict.aboutAttribute ? ANSWERER_DIFFICULTY : 0,
      mistakes: ANSWERER_MISTAKES,
      schemaMistakes: ANSWERER_SCHEMA_MISTAKES,
    };
    return answer;
  },
};

/** The asker (`ask_question`): plays the catalogue strategy from the conversation alone — it never sees the secret. */
export const askerOracle: Oracle = {
  name: `${TWENTY_QUESTIONS_ENV_NAME}::ask_question`,
  answer(request: ChatCompletionRequest) {
    if (recogniseCall(request) !== 'ask_question') return null;
    const exchanges = readExchanges(request);
    const deduction = deduce(exchanges);
    const plan = planNext(deduction, TWENTY_QUESTIONS_HORIZON - exchanges.length);
    const answer: JsonOracleAnswer = {
      kind: 'json',
      ideal: { thinking: planThinking(plan, deduction), question: planQuestion(plan) },
      outputKeys: [...ASKER_KEYS],
      difficulty: ASKER_DIFFICULTY,
      // earlier turns are this game's own questions, good or bad, not demonstrations of good play
      conversation: 'episode',
      mistakes: askerContentMistakes(deduction),
      schemaMistakes: ASKER_SCHEMA_MISTAKES,
    };
    return answer;
  },
  judgeExample: (example) => judgeAskerExample(example),
};

const ASKER_KEYS = ['thinking', 'question'];

/**
 * A worked example of the asker is judged by its question alone (the game state it was asked in
 * is rarely shown): a question that splits the catalogue or names a thing is a good one; a vague
 * one demonstrates the vague-question mistake. Not an asker example without a question string.
 */
export function judgeAskerExample(example: WorkedExample): ExampleVerdict | null {
  const question = typeof example.output === 'string' ? null : example.output.question;
  if (typeof question !== 'string' || !ASKER_KEYS.every((key) => typeof example.output === 'object' && key in example.output)) return null;
  const kind = interpretQuestion(question).kind;
  const correct = kind === 'attribute' || kind === 'guess';
  return { instance: question.trim().toLowerCase(), correct, demonstrates: correct ? [] : ['vague_question'] };
}

export const TWENTY_QUESTIONS_ORACLES: readonly Oracle[] = [secretOracle, answererOracle, askerOracle];

export interface Verdict {
  answer: Answer;
  explanation: string;
  /** a yes/no from the catalogue's attributes (the only answers a simulated answerer gets wrong) */
  aboutAttribute: boolean;
}

/** The truthful answer to `question` about `secret`; a secret outside the catalogue can only be named. */
export function judgeQuestion(secret: string, question: string): Verdict {
  const entry = findItem(secret);
  if (questionNames(question, secret, entry ? [entry.name, ...entry.aliases] : [])) {
    return { answer: 'solved', explanation: 'The question names the secret.', aboutAttribute: false };
  }
  const meaning = interpretQuestion(question);
  if (meaning.kind === 'attribute' && entry) {
    const label = attributeById(meaning.attribute).label;
    return hasTrait(entry, meaning.attribute)
      ? { answer: 'yes', explanation: `The secret is ${label}.`, aboutAttribute: true }
      : { answer: 'no', explanation: `The secret is not ${label}.`, aboutAttribute: true };
  }
  if (meaning.kind === 'guess') return { answer: 'no', explanation: 'That is not the secret.', aboutAttribute: false };
  return { answer: 'no', explanation: 'That cannot be answered with a clear yes.', aboutAttribute: false };
}

const ANSWERER_MISTAKES: Mistake<Json>[] = [
  {
    name: 'flipped_answer',
    weight: 1,
    apply: (value) => {
      if (value.answer !== 'yes' && value.answer !== 'no') return null;
      return { ...value, answer: value.answer === 'yes' ? 'no' : 'yes' };
    },
  },
];

const ANSWERER_SCHEMA_MISTAKES: Mistake<Json>[] = [
  { name: 'capitalised_answer', weight: 2, apply: (value) => ({ ...value, answer: String(value.answer).toUpperCase() }) },
  { name: 'boolean_answer', weight: 1, apply: (value) => (value.answer === 'solved' ? null : { ...value, answer: value.answer === 'yes' }) },
];
