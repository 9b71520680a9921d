import { randomUUID } from 'node:crypto';
import { EnvironmentStateError, InvalidActionError } from '../errors';
import type { Action, Environment, EnvironmentSpec, FeedbackCollection, JsonOutputBlock, Message, Observation, ResetData, StepData } from '../types';
import { NO_QUESTION_REPLY, replyText } from './answers';
import { answerQuestion, generateSecret, type AnsweredQuestion, type HelperContext } from './helper-calls';
import { ASK_QUESTION, TWENTY_QUESTIONS_ENV_NAME, type Answer } from './spec';

export interface TwentyQuestionsEnvironmentOptions {
  spec: EnvironmentSpec;
  helpers: HelperContext;
  /** `train` / `test`: part of every game key, so a train game never replays a test game */
  split?: string;
}

/**
 * One game of 21 Questions. Reset has the helper model think of a secret; each step takes the
 * agent's JSON question, has the helper model answer it, and shows the answer as the next user
 * turn. The game ends when the answer is "solved" (terminated) or after the horizon's last
 * question (truncated); `solved` and `num_questions` are reported then, once.
 */
export class TwentyQuestionsEnvironment implements Environment {
  readonly spec: EnvironmentSpec;
  /** generative: secrets are made up per game, there is no task list */
  readonly numTasks = null;
  private readonly helpers: HelperContext;
  private readonly split: string | undefined;
  private game: { key: string; secret: string } | null = null;
  private messages: Message[] = [];
  private answered: AnsweredQuestion[] = [];
  private timestep = 0;
  private done = false;

  constructor(options: TwentyQuestionsEnvironmentOptions) {
    this.spec = options.spec;
    this.helpers = options.helpers;
    this.split = options.split;
  }

  /**
   * `taskIdx` (when given) is the game key: with the split it names the game, so the same key
   * asks the helper for its secret with the same request — reproducible with a deterministic
   * model such as `sim::`. The harness passes seeded keys (rollouts/task-selection.ts,
   * evaluation/test-plan.ts). Without one the episode id names the game, else a random id.
   */
  async reset(taskIdx?: number): Promise<ResetData> {
    if (taskIdx !== undefined && (!Number.isInteger(taskIdx) || taskIdx < 0)) {
      throw new EnvironmentStateError(TWENTY_QUESTIONS_ENV_NAME, `task index must be a non-negative integer, got ${taskIdx}`);
    }
    const key = taskIdx !== undefined ? `${this.split ? `${this.split} ` : ''}task ${taskIdx}` : `episode ${this.helpers.episodeId ?? randomUUID()}`;
    const secret = await generateSecret(this.helpers, key);
    this.game = { key, secret };
    this.messages = [];
    this.answered = [];
    this.timestep = 0;
    this.done = false;
    return { observation: this.observation(), info: this.info() };
  }

  async step(action: Action): Promise<StepData> {
    if (!this.game) throw new EnvironmentStateError(TWENTY_QUESTIONS_ENV_NAME, 'step() called before reset()');
    if (this.done) throw new EnvironmentStateError(TWENTY_QUESTIONS_ENV_NAME, 'step() called after the episode ended; call reset() first');
    if (Array.isArray(action) || action?.type !== 'json') {
      throw new InvalidActionError(TWENTY_QUESTIONS_ENV_NAME, `${ASK_QUESTION} is a json function; expected a {type: 'json'} action, got ${describeAction(action)}`);
    }
    this.timestep++;
    this.messages.push({ role: 'assistant', content: structuredClone(action) });

    const question = questionOf(action);
    let answer: Answer | null = null;
    if (question !== null) {
      const answered = await answerQuestion(this.helpers, this.game.secret, this.answered, question);
      this.answered.push(answered);
      answer = answered.answer;
    }
    this.messages.push({ role: 'user', content: [{ type: 'text_result', value: answer ? replyText(answer, this.game.secret) : NO_QUESTION_REPLY }] });

    const terminated = answer === 'solved';
    const truncated = !terminated && this.timestep >= this.spec.horizon;
    this.done = terminated || truncated;
    const feedback: FeedbackCollection = { inference: [], episode: [] };
    if (this.done) {
      feedback.episode.push({ name: 'solved', value: terminated }, { name: 'num_questions', value: this.timestep });
    }
    return { observation: this.observation(), feedback, terminated, truncated, info: { ...this.info(), question, answer } };
  }

  async close(): Promise<void> {
    this.game = null;
    this.messages = [];
    this.answered = [];
  }

  private observation(): Observation {
    return {
      functionName: ASK_QUESTION,
      system: [{ type: 'text_result', value: { remaining_questions: this.spec.horizon - this.timestep } }],
      messages: structuredClone(this.messages),
    };
  }

  /** For logs and tests; the agent never sees info, so the secret may be here. */
  private info(): Record<string, unknown> {
    return { game: this.game?.key ?? null, secret: this.game?.secret ?? null, questions_asked: this.timestep };
  }
}

/** The agent's question, or null when its output did not parse or has no non-empty `question` string. */
function questionOf(action: JsonOutputBlock): string | null {
  const value = action.content?.question;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function describeAction(action: unknown): string {
  if (Array.isArray(action)) return `a list of ${action.length} content block(s)`;
  return JSON.stringify(action)?.slice(0, 80) ?? String(action);
}
