/**
 * The once-per-run operator question of a session: when models or budget are unknown, ask one
 * free-response question; its answer is parsed, stored in the run's memory and reported back.
 */
import { uuid7 } from '../../common/uuid7';
import type { StoredInferenceWithFeedback } from '../../gateway/wire';
import type { SessionState } from './session-state';
import { STOPPED, type SessionSteps, type Stoppable } from './session-steps';
import { parseAvailableModels } from './strategy/available-models';
import type { MemoryStore, OperatorAnswer } from './strategy/memory-store';
import { operatorQuestionText, parseOperatorAnswer } from './strategy/operator-answer';
import type { OptimizationDraft } from './strategy/plan-optimization';
import type { ResolvedStrategyOptions } from './strategy/strategy-options';

export interface OperatorQuestionOptions {
  strategy: ResolvedStrategyOptions;
  memory: MemoryStore;
}

export class OperatorQuestion {
  /** the open operator question, and its answer once given */
  private questionId: string | null = null;
  private answerText: string | null = null;
  private asked = false;

  constructor(
    private readonly state: SessionState,
    private readonly options: OperatorQuestionOptions,
    private readonly steps: Pick<SessionSteps, 'isStale' | 'say'>,
  ) {}

  /** Whether the operator question is among the session's open questions. */
  isOpen(): boolean {
    return this.questionId !== null && this.state.pendingQuestionIds().includes(this.questionId);
  }

  /** Whether `questionsEventId` is the operator question. */
  isQuestion(questionsEventId: string): boolean {
    return questionsEventId === this.questionId;
  }

  /** Keeps the operator's reply until the next analysis reads it. */
  receiveAnswer(text: string): void {
    this.answerText = text;
  }

  /** The operator's answer: remembered from an earlier session, or just given (then parsed and stored). */
  async answer(remembered: OperatorAnswer | null, generation: number): Promise<Stoppable<OperatorAnswer | null>> {
    if (this.answerText === null) return remembered;
    const text = this.answerText;
    this.answerText = null;
    this.questionId = null;
    const parsed = parseOperatorAnswer(text);
    const answer: OperatorAnswer = {
      text,
      allowedModels: parsed.allowedModels,
      budgetUsd: parsed.budgetStated ? parsed.budgetUsd : null,
      at: new Date().toISOString(),
    };
    await this.options.memory.update((m) => void (m.operator = answer));
    if (this.steps.isStale(generation)) return STOPPED;
    const models = answer.allowedModels ? `models ${answer.allowedModels.join(', ')}` : 'no models named, so the default models';
    const budget = parsed.budgetStated ? (answer.budgetUsd === null ? 'no budget limit' : `a budget of $${answer.budgetUsd}`) : 'no budget named, so no limit unless the benchmark config sets one';
    this.steps.say(`Thanks. I read your answer as: ${models}; ${budget}.`);
    return answer;
  }

  /** Once per session, when asking is on, there are candidates, and the models or the budget are unknown. */
  shouldAsk(draft: OptimizationDraft, inferences: StoredInferenceWithFeedback[], initialMessage: string): boolean {
    const needs = this.needs(inferences, initialMessage);
    return this.options.strategy.askOperator && !this.asked && draft.pool.length > 0 && (needs.models || needs.budget);
  }

  /** Appends the question (with the defaults and the estimated scoring cost) and waits for the answer. */
  ask(draft: OptimizationDraft, inferences: StoredInferenceWithFeedback[], initialMessage: string): void {
    const strategy = this.options.strategy;
    const costs = inferences.map((i) => i.usage?.cost ?? 0).filter((c) => c > 0);
    const perCall = costs.length > 0 ? costs.reduce((a, b) => a + b, 0) / costs.length : null;
    const calls = strategy.selectionExamples * (draft.pool.length + 1);
    const text = operatorQuestionText(this.needs(inferences, initialMessage), { models: draft.models, estimatedCostUsd: perCall === null ? null : perCall * calls });
    const question = { id: uuid7(), header: 'Models and budget', question: text, type: 'free_response' as const };
    const event = this.state.append({ type: 'user_questions', questions: [question], content: [{ type: 'text', text }] });
    this.questionId = event.id;
    this.asked = true;
    this.state.status = 'waiting_for_user_questions_answers';
  }

  private needs(inferences: StoredInferenceWithFeedback[], initialMessage: string): { models: boolean; budget: boolean } {
    const strategy = this.options.strategy;
    const costs = inferences.some((i) => (i.usage?.cost ?? 0) > 0);
    return {
      models: parseAvailableModels(initialMessage).length === 0,
      budget: strategy.budgetUsd === null && strategy.selectionExamples > 0 && costs,
    };
  }
}
