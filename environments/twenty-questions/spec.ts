import type { EnvironmentSpec, FunctionSpec, JsonSchema } from '../types';

/**
 * `21_questions_v0` (reference/llmgym-envs.md §3.2): the agent's function `ask_question` plus the
 * two helper functions the environment itself calls through the gateway (`generate_secret`,
 * `answer_question`). Prompts are in our own words; schemas keep the original's names.
 */
export const TWENTY_QUESTIONS_ENV_NAME = '21_questions_v0';
export const ASK_QUESTION = 'ask_question';
export const GENERATE_SECRET = 'generate_secret';
export const ANSWER_QUESTION = 'answer_question';
export const TWENTY_QUESTIONS_HORIZON = 21;
/** The original's answerer was an OpenAI mini model (llmgym-envs.md §3.2). */
export const DEFAULT_ANSWERER_MODEL = 'openai::gpt-4o-mini';

export const ANSWERS = ['yes', 'no', 'solved'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ASK_QUESTION_SYSTEM_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { remaining_questions: { type: 'integer', minimum: 0 } },
  required: ['remaining_questions'],
  additionalProperties: false,
};

/**
 * Only `question` is confirmed in the original; `thinking` is our choice (a place to reason
 * before asking). Both are required because OpenAI's strict structured outputs (json_mode
 * strict, the generated default) accept only schemas that require every property.
 */
export const ASK_QUESTION_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    thinking: { type: 'string', description: 'brief reasoning about what the answers so far rule out' },
    question: { type: 'string', description: 'one yes-or-no question, or a guess phrased "Is it <thing>?"' },
  },
  required: ['thinking', 'question'],
  additionalProperties: false,
};

export const ASK_QUESTION_SYSTEM_TEMPLATE = `You are playing 21 Questions. The host has chosen a secret: one concrete thing, such as an animal, a plant, a food, an everyday object, a vehicle or a place. Your goal is to find out what it is using as few questions as possible.

Each turn you ask one question that can be answered with yes or no. The host replies "yes", "no", or "solved" once you have named the secret. When you are confident, guess by asking "Is it <your guess>?". A guess uses up a question like any other.

Questions left, including this one: {{ remaining_questions }}

Reply with a JSON object with two keys: "thinking", a short note on what the answers so far rule in or out, and "question", the single question you ask now.
`;

export const ASK_QUESTION_SPEC: FunctionSpec = {
  type: 'json',
  systemSchema: ASK_QUESTION_SYSTEM_SCHEMA,
  // User turns (the host's answers) and assistant turns (our JSON) are plain text: no schemas,
  // so no user/assistant templates — the agent sends its earlier JSON outputs back verbatim.
  userSchema: null,
  assistantSchema: null,
  outputSchema: ASK_QUESTION_OUTPUT_SCHEMA,
  exampleSystemTemplate: ASK_QUESTION_SYSTEM_TEMPLATE,
  exampleUserTemplate: null,
  exampleAssistantTemplate: null,
};

export const GENERATE_SECRET_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { secret: { type: 'string', description: 'the thing to guess, lower case, no article' } },
  required: ['secret'],
  additionalProperties: false,
};

export const GENERATE_SECRET_SYSTEM_TEMPLATE = `You host games of 21 Questions. Think of a secret for a new game: one concrete, well-known thing that a player could identify with yes-or-no questions — an animal, a plant, a food, an everyday object, a vehicle or a place. Vary your choice from game to game. The game label in the request (such as "train task 12") only tells games apart: it is not a hint, so never take the secret from its words.

Reply with a JSON object with one key, "secret": the name of the thing in lower case, without an article.
`;

/**
 * Both keys are required for the same strict-mode reason as above; the environment reads only
 * `answer`. `explanation` comes first so a model reasons before it commits, as the original
 * asked for the answer word last.
 */
export const ANSWER_QUESTION_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    explanation: { type: 'string', description: 'one short sentence that does not reveal the secret' },
    answer: { type: 'string', enum: [...ANSWERS] },
  },
  required: ['explanation', 'answer'],
  additionalProperties: false,
};

export const ANSWER_QUESTION_SYSTEM_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { secret: { type: 'string', minLength: 1 } },
  required: ['secret'],
  additionalProperties: false,
};

export const ANSWER_QUESTION_SYSTEM_TEMPLATE = `You host a game of 21 Questions. The player is trying to find the secret by asking yes-or-no questions; the conversation so far is below and its last message is the question to answer now.

Secret: {{ secret }}

Answer truthfully about the secret:
- "solved" if the question names the secret itself (a guess such as "Is it a …?" with the right thing, or an obvious synonym);
- otherwise "yes" or "no"; when a question cannot really be answered with yes or no, answer "no".

Reply with a JSON object with two keys: "explanation", one short sentence that never reveals the secret, and "answer": "yes", "no" or "solved".
`;

function helperFunction(systemTemplate: string, outputSchema: JsonSchema, systemSchema: JsonSchema | null): FunctionSpec {
  return {
    type: 'json',
    systemSchema,
    userSchema: null,
    assistantSchema: null,
    outputSchema,
    exampleSystemTemplate: systemTemplate,
    exampleUserTemplate: null,
    exampleAssistantTemplate: null,
  };
}

/** The spec with the helper functions on `answererModel` (env_config.answerer_model). */
export function twentyQuestionsSpec(answererModel: string): EnvironmentSpec {
  // cloned so callers may edit their copy without touching the shared constants
  return structuredClone({
    name: TWENTY_QUESTIONS_ENV_NAME,
    functions: { [ASK_QUESTION]: ASK_QUESTION_SPEC },
    auxiliaryFunctions: {
      [GENERATE_SECRET]: { ...helperFunction(GENERATE_SECRET_SYSTEM_TEMPLATE, GENERATE_SECRET_OUTPUT_SCHEMA, null), model: answererModel },
      [ANSWER_QUESTION]: {
        ...helperFunction(ANSWER_QUESTION_SYSTEM_TEMPLATE, ANSWER_QUESTION_OUTPUT_SCHEMA, ANSWER_QUESTION_SYSTEM_SCHEMA),
        model: answererModel,
      },
    },
    metrics: {
      solved: { type: 'boolean', optimize: 'max', level: 'episode' },
      num_questions: { type: 'float', optimize: 'min', level: 'episode' },
    },
    tools: {},
    horizon: TWENTY_QUESTIONS_HORIZON,
  } satisfies EnvironmentSpec);
}
