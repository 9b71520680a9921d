/**
 * The session state machine. Client events and actions change state synchronously (so a poller
 * never sees a stale status); the slow work — reading the train gateway, planning, executing
 * approved tool calls — runs asynchronously, one task at a time per session.
 *
 *   analyse → [operator question] → candidate pool → dry-run scoring (selection) → messages
 *     → write_config tool call → waiting_for_tool_call_authorization
 *   approve → waiting_for_tool_execution → tool_result → idle
 *   reject → the call's candidates are remembered and never proposed again → idle
 *   unclear target → user_questions → waiting_for_user_questions_answers → answer → analyse
 *   first session of a run, models or budget unknown → one operator question → answer → analyse
 *   transient read or scoring failure → waiting_for_retry → … → failed after repeated failures
 *
 * Interrupt bumps a generation counter; work started under an older generation stops at its
 * next checkpoint without touching the session.
 *
 * This file holds the client events, the work queue and the analysis; its collaborators get the
 * runner's checkpoints (`session-steps.ts`): gateway reads (`session-inputs.ts`), retries
 * (`session-retries.ts`), the operator question (`operator-question.ts`), the optimisation step
 * (`optimisation-step.ts`) and the tool calls (`tool-calls.ts`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/logger';
import { uuid7 } from '../../common/uuid7';
import { InvalidRequestError } from './errors';
import { OperatorQuestion } from './operator-question';
import { OptimisationStep, type RejectedCandidate } from './optimisation-step';
import type { ClientPayload } from '../protocol';
import { readSessionInputs } from './session-inputs';
import { SessionRetries } from './session-retries';
import type { SessionState } from './session-state';
import { settledQueue, STOPPED, type SessionSteps } from './session-steps';
import type { ApproveAllResponse, AuthorizationSource, AuthorizationStatus, SessionEvent, ToolOutcome, UserQuestionResponse } from '../protocol';
import type { MemoryStore } from './strategy/memory-store';
import { prepareOptimization, PlanningError, type OptimizationDraft } from './strategy/plan-optimization';
import type { ResolvedStrategyOptions } from './strategy/strategy-options';
import { resolveTarget } from './strategy/target-resolution';
import type { TrainDataSource } from './strategy/train-data-source';
import { ToolCalls } from './tool-calls';

export interface SessionRunnerOptions {
  dataSource: TrainDataSource;
  strategy: ResolvedStrategyOptions;
  /** rejected candidates and the operator's answer, shared by the sessions of a run */
  memory: MemoryStore;
  /** pause between visible steps, so pollers can follow the session */
  stepDelayMs: number;
  /** wait before re-reading the gateway after a transient failure */
  retryDelayMs: number;
  /** reads attempted before the session fails */
  maxReadAttempts: number;
  /** aborted when the server closes */
  signal: AbortSignal;
  logger: Logger;
}

function responseText(response: UserQuestionResponse): string {
  if (response.type === 'free_response') return response.text;
  if (response.type === 'multiple_choice') return response.free_response_text ?? '';
  return '';
}

export class SessionRunner {
  private generation = 0;
  private work: Promise<void> = Promise.resolve();
  private readonly requestTexts: string[] = [];
  private lastPlanWasEmpty = false;
  /** write_config event id → fingerprints of the candidates it proposes */
  private readonly proposedCandidates = new Map<string, RejectedCandidate[]>();
  private readonly retries: SessionRetries;
  private readonly operatorQuestion: OperatorQuestion;
  private readonly optimisation: OptimisationStep;
  private readonly toolCalls: ToolCalls;

  constructor(
    readonly state: SessionState,
    private readonly options: SessionRunnerOptions,
  ) {
    // collaborators see the runner's checkpoints, not the runner
    const steps: SessionSteps = {
      isStale: (generation) => this.isStale(generation),
      pause: (ms, generation) => this.pause(ms, generation),
      say: (text) => this.say(text),
      fail: (message) => this.fail(message),
    };
    this.retries = new SessionRetries(state, options, steps);
    this.operatorQuestion = new OperatorQuestion(state, options, steps);
    this.optimisation = new OptimisationStep(
      { ...options, rememberRejected: (items, reason) => this.rememberRejected(items, reason) },
      this.retries,
      steps,
    );
    this.toolCalls = new ToolCalls(state, options.stepDelayMs, steps);
  }

  /** Records the opening user message and starts the first analysis. */
  start(initialMessage: string): SessionEvent {
    const event = this.state.append({ type: 'message', role: 'user', content: [{ type: 'text', text: initialMessage }] });
    this.requestTexts.push(initialMessage);
    this.scheduleAnalysis();
    return event;
  }

  /** A client-written event: user message, answers, authorization or tool result. */
  receive(payload: ClientPayload): SessionEvent {
    switch (payload.type) {
      case 'message':
        return this.receiveMessage(typeof payload.content === 'string' ? payload.content : payload.content.map((c) => c.text).join('\n'));
      case 'user_questions_answers':
        return this.receiveAnswers(payload.user_questions_event_id, payload.responses as Record<string, UserQuestionResponse>);
      case 'tool_call_authorization':
        return this.receiveAuthorization(payload.tool_call_event_id, payload.source as AuthorizationSource, payload.status as AuthorizationStatus);
      case 'tool_result':
        return this.receiveToolResult(payload.tool_call_event_id, payload.outcome as ToolOutcome);
    }
  }

  /** Approves every pending tool call up to and including `lastToolCallEventId`. */
  approveAll(lastToolCallEventId: string): ApproveAllResponse {
    const response = this.toolCalls.approveAll(lastToolCallEventId);
    if (response.approved_count > 0) this.scheduleExecution();
    return response;
  }

  /** Stops current work; pending calls and questions are dropped and the session goes idle. */
  interrupt(): void {
    this.generation++;
    this.state.dropPendingWork();
  }

  /** Resolves once no work is queued or running. */
  settled(): Promise<void> {
    return settledQueue(() => this.work);
  }

  // ---- client events ----------------------------------------------------------------------

  private receiveMessage(text: string): SessionEvent {
    const event = this.state.append({ type: 'message', role: 'user', content: [{ type: 'text', text }] });
    const status = this.state.status;
    if (status === 'waiting_for_user_questions_answers') {
      // A plain message while questions are open answers them.
      const answersOperator = this.operatorQuestion.isOpen();
      for (const id of this.state.pendingQuestionIds()) this.state.questions.set(id, true);
      if (answersOperator) this.operatorQuestion.receiveAnswer(text);
      else this.requestTexts.push(text);
      this.scheduleAnalysis();
    } else if (status === 'idle') {
      this.requestTexts.push(text);
      if (this.toolCalls.wroteVariantsAndExperiment()) {
        this.say('The new variants and the track_and_stop experiment are already written; there is nothing left to do in this session.');
      } else if (this.lastPlanWasEmpty) {
        this.say('I re-checked: every candidate I would propose is already in the config, so there is nothing new to write.');
      } else {
        this.scheduleAnalysis();
      }
    }
    // Otherwise (working, waiting for authorization, failed) the message is recorded only.
    return event;
  }

  private receiveAnswers(questionsEventId: string, responses: Record<string, UserQuestionResponse>): SessionEvent {
    if (!this.state.questions.has(questionsEventId)) {
      throw new InvalidRequestError(`${questionsEventId} is not a user_questions event of session ${this.state.id}`);
    }
    const event = this.state.append({ type: 'user_questions_answers', user_questions_event_id: questionsEventId, responses });
    if (this.state.questions.get(questionsEventId) === false) {
      this.state.questions.set(questionsEventId, true);
      const texts = Object.values(responses).map(responseText).filter(Boolean);
      if (this.operatorQuestion.isQuestion(questionsEventId)) this.operatorQuestion.receiveAnswer(texts.join('\n'));
      else this.requestTexts.push(...texts);
      if (this.state.pendingQuestionIds().length === 0) this.scheduleAnalysis();
    }
    return event;
  }

  private receiveAuthorization(toolCallEventId: string, source: AuthorizationSource, status: AuthorizationStatus): SessionEvent {
    const record = this.toolCalls.require(toolCallEventId);
    if (record.state !== 'pending') throw new InvalidRequestError(`tool call ${toolCallEventId} is not awaiting authorization`);
    const event = this.toolCalls.authorize(record, source, status);
    if (status.type === 'approved') {
      this.scheduleExecution();
    } else {
      const reason = status.type === 'rejected' ? status.reason : 'not approved';
      this.rememberRejected(this.proposedCandidates.get(record.event.id) ?? [], `the operator rejected the write_config call${reason ? `: ${reason}` : ''}`);
      this.toolCalls.complete(record, { type: 'rejected', reason });
      this.say(`Understood, I will not apply that change (${reason || 'rejected'}).`);
      this.toolCalls.settleStatus();
    }
    return event;
  }

  /** A result posted by whoever executed the call (e.g. the gateway's tool worker). */
  private receiveToolResult(toolCallEventId: string, outcome: ToolOutcome): SessionEvent {
    const record = this.toolCalls.require(toolCallEventId);
    if (record.state === 'pending' || record.state === 'authorized') {
      const event = this.toolCalls.complete(record, outcome);
      this.toolCalls.settleStatus();
      return event;
    }
    // Already settled (we executed it ourselves): keep the report, change nothing.
    return this.state.append(this.toolCalls.resultPayload(record, outcome));
  }

  // ---- work ---------------------------------------------------------------------------------

  private schedule(task: (generation: number) => Promise<void>): void {
    const generation = this.generation;
    this.work = this.work
      .then(() => (this.isStale(generation) ? undefined : task(generation)))
      .catch((err: unknown) => {
        if (this.options.signal.aborted) return;
        this.options.logger.error({ err: String(err), sessionId: this.state.id }, 'session work failed');
        this.fail(`internal error: ${(err as Error).message ?? String(err)}`);
      });
  }

  private scheduleAnalysis(): void {
    this.state.status = 'server_side_processing';
    this.schedule((generation) => this.analyse(generation));
  }

  private scheduleExecution(): void {
    this.state.status = 'waiting_for_tool_execution';
    this.schedule((generation) => this.toolCalls.executeAuthorized(generation));
  }

  private isStale(generation: number): boolean {
    return generation !== this.generation || this.options.signal.aborted || this.state.status === 'failed';
  }

  private async pause(ms: number, generation: number): Promise<boolean> {
    await sleep(ms, undefined, { signal: this.options.signal });
    return !this.isStale(generation);
  }

  private async analyse(generation: number): Promise<void> {
    if (!(await this.pause(this.options.stepDelayMs, generation))) return;
    const text = this.requestTexts.join('\n');

    const inputs = await this.retries.readWithRetries(generation, 'the train gateway config and inferences', () =>
      readSessionInputs(this.options.dataSource, this.options.strategy.inferenceLimit, () => this.isStale(generation)),
    );
    if (inputs === STOPPED) return;
    const target = resolveTarget({ config: inputs.snapshot.config, inferencesByFunction: inputs.inferencesByFunction, text });
    if (target.kind === 'impossible') return this.fail(`Cannot optimise anything: ${target.reason}.`);
    if (target.kind === 'needs_answer') {
      const question = { id: uuid7(), header: target.header, question: target.question, type: 'free_response' as const };
      this.state.append({ type: 'user_questions', questions: [question], content: [{ type: 'text', text: target.question }] });
      this.state.status = 'waiting_for_user_questions_answers';
      return;
    }

    const performances = await this.retries.readWithRetries(generation, 'variant performances', () =>
      this.options.dataSource.getVariantPerformances(target.functionName, target.metricName),
    );
    if (performances === STOPPED) return;

    const inferences = inputs.inferencesByFunction[target.functionName] ?? [];
    const memory = await this.options.memory.read();
    if (this.isStale(generation)) return;
    const operator = await this.operatorQuestion.answer(memory.operator, generation);
    if (operator === STOPPED) return;

    const rejected = new Set(Object.keys(memory.rejected));
    let draft: OptimizationDraft;
    try {
      draft = prepareOptimization({
        config: inputs.snapshot.config,
        functionName: target.functionName,
        metricName: target.metricName,
        initialMessage: this.requestTexts[0] ?? '',
        inferences,
        performances,
        strategy: this.options.strategy,
        allowedModels: operator?.allowedModels ?? null,
        excludeFingerprints: rejected,
      });
    } catch (err) {
      if (err instanceof PlanningError) return this.fail(`Cannot optimise ${err.functionName}: ${err.message}.`);
      throw err;
    }
    if (operator === null && this.operatorQuestion.shouldAsk(draft, inferences, this.requestTexts[0] ?? '')) {
      return this.operatorQuestion.ask(draft, inferences, this.requestTexts[0] ?? '');
    }

    const plan = await this.optimisation.run(draft, inputs.snapshot.config, inferences, operator, rejected, generation);
    if (plan === STOPPED) return;
    this.lastPlanWasEmpty = plan.edits.length === 0;
    if (plan.edits.length === 0) {
      this.state.status = 'idle';
      return;
    }
    const event = this.toolCalls.propose(plan, inputs.snapshot.hash);
    this.proposedCandidates.set(
      event.id,
      plan.candidates.map((c) => ({ fingerprint: c.fingerprint, functionName: target.functionName, variantName: c.name })),
    );
  }

  /** Persists fingerprints that must never be proposed again (best effort: a write failure is logged). */
  private rememberRejected(items: RejectedCandidate[], reason: string): void {
    if (items.length === 0) return;
    const at = new Date().toISOString();
    this.work = this.work
      .then(() =>
        this.options.memory.update((m) => {
          for (const item of items) m.rejected[item.fingerprint] = { functionName: item.functionName, variantName: item.variantName, reason, at };
        }),
      )
      .then(
        () => undefined,
        (err: unknown) => this.options.logger.warn({ sessionId: this.state.id, err: String(err) }, 'could not store rejected candidates'),
      );
  }

  // ---- state helpers ------------------------------------------------------------------------

  private say(text: string): void {
    this.state.append({ type: 'message', role: 'assistant', content: [{ type: 'text', text }] });
  }

  private fail(message: string): void {
    this.state.append({ type: 'error', message });
    this.state.status = 'failed';
    this.options.logger.warn({ sessionId: this.state.id, error: message }, 'session failed');
  }
}
