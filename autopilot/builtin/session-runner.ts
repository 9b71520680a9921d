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
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/logger';
import { uuid7 } from '../../common/uuid7';
import type { InferenceInput, StoredInferenceWithFeedback } from '../../gateway/wire';
import { InvalidRequestError } from './errors';
import type { ClientPayload } from './request-schemas';
import { SessionState, type ToolCallRecord } from './session-state';
import type { ApproveAllResponse, AuthorizationSource, AuthorizationStatus, SessionEvent, ToolOutcome, UserQuestionResponse } from './session-types';
import { userFunctionNames, type ConfigSnapshot } from './strategy/config-types';
import { parseAvailableModels } from './strategy/available-models';
import { candidateFingerprint, describeSelection, selectCandidates, type ReplayOutcome } from './strategy/candidate-selection';
import type { MemoryStore, OperatorAnswer } from './strategy/memory-store';
import { operatorQuestionText, parseOperatorAnswer } from './strategy/operator-answer';
import { describeAnalysis, describeProposal } from './strategy/plan-report';
import { finishPlan, prepareOptimization, PlanningError, type OptimizationDraft, type OptimizationPlan } from './strategy/plan-optimization';
import type { ResolvedStrategyOptions } from './strategy/strategy-options';
import { runRewriteStep } from './strategy/rewrite-step';
import { resolveTarget } from './strategy/target-resolution';
import { TrainDataSourceError, type TrainDataSource } from './strategy/train-data-source';
import { validateWriteConfigArguments } from './write-config-validation';

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

/** Returned by steps that found the session interrupted, closed or failed. */
const STOPPED = Symbol('stopped');
type Stoppable<T> = T | typeof STOPPED;

interface ReadInputs {
  snapshot: ConfigSnapshot;
  inferencesByFunction: Record<string, StoredInferenceWithFeedback[]>;
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
  private wroteVariants = false;
  private wroteExperimentation = false;
  private lastPlanWasEmpty = false;
  /** the open operator question, and its answer once given */
  private operatorQuestionId: string | null = null;
  private operatorAnswerText: string | null = null;
  private askedOperator = false;
  /** USD this session spent on its own dry-run inferences */
  private spentUsd = 0;
  /** calls currently waiting to retry after a transient failure */
  private retrying = 0;
  /** write_config event id → fingerprints of the candidates it proposes */
  private readonly proposedCandidates = new Map<string, Array<{ fingerprint: string; functionName: string; variantName: string }>>();

  constructor(
    readonly state: SessionState,
    private readonly options: SessionRunnerOptions,
  ) {}

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
    const calls = [...this.state.toolCalls.values()];
    const last = calls.findIndex((r) => r.event.id === lastToolCallEventId);
    if (last === -1) throw new InvalidRequestError(`tool call event ${lastToolCallEventId} is not part of session ${this.state.id}`);
    const approved = calls.slice(0, last + 1).filter((r) => r.state === 'pending');
    const source: AuthorizationSource = { type: 'ui' };
    const eventIds = approved.map((record) => this.authorize(record, source, { type: 'approved' }).id);
    if (approved.length > 0) this.scheduleExecution();
    return { approved_count: approved.length, event_ids: eventIds, tool_call_event_ids: approved.map((r) => r.event.id) };
  }

  /** Stops current work; pending calls and questions are dropped and the session goes idle. */
  interrupt(): void {
    this.generation++;
    for (const record of this.state.toolCallsIn('pending', 'authorized')) record.state = 'interrupted';
    for (const id of this.state.pendingQuestionIds()) this.state.questions.set(id, true);
    if (this.state.status !== 'failed') this.state.status = 'idle';
  }

  /** Resolves once no work is queued or running. */
  async settled(): Promise<void> {
    for (;;) {
      const current = this.work;
      await current;
      if (current === this.work) return;
    }
  }

  // ---- client events ----------------------------------------------------------------------

  private receiveMessage(text: string): SessionEvent {
    const event = this.state.append({ type: 'message', role: 'user', content: [{ type: 'text', text }] });
    const status = this.state.status;
    if (status === 'waiting_for_user_questions_answers') {
      // A plain message while questions are open answers them.
      const answersOperator = this.operatorQuestionId !== null && this.state.pendingQuestionIds().includes(this.operatorQuestionId);
      for (const id of this.state.pendingQuestionIds()) this.state.questions.set(id, true);
      if (answersOperator) this.operatorAnswerText = text;
      else this.requestTexts.push(text);
      this.scheduleAnalysis();
    } else if (status === 'idle') {
      this.requestTexts.push(text);
      if (this.wroteVariants && this.wroteExperimentation) {
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
      if (questionsEventId === this.operatorQuestionId) this.operatorAnswerText = texts.join('\n');
      else this.requestTexts.push(...texts);
      if (this.state.pendingQuestionIds().length === 0) this.scheduleAnalysis();
    }
    return event;
  }

  private receiveAuthorization(toolCallEventId: string, source: AuthorizationSource, status: AuthorizationStatus): SessionEvent {
    const record = this.requireToolCall(toolCallEventId);
    if (record.state !== 'pending') throw new InvalidRequestError(`tool call ${toolCallEventId} is not awaiting authorization`);
    const event = this.authorize(record, source, status);
    if (status.type === 'approved') {
      this.scheduleExecution();
    } else {
      const reason = status.type === 'rejected' ? status.reason : 'not approved';
      this.rememberRejected(this.proposedCandidates.get(record.event.id) ?? [], `the operator rejected the write_config call${reason ? `: ${reason}` : ''}`);
      this.complete(record, { type: 'rejected', reason });
      this.say(`Understood, I will not apply that change (${reason || 'rejected'}).`);
      this.settleStatus();
    }
    return event;
  }

  /** A result posted by whoever executed the call (e.g. the gateway's tool worker). */
  private receiveToolResult(toolCallEventId: string, outcome: ToolOutcome): SessionEvent {
    const record = this.requireToolCall(toolCallEventId);
    if (record.state === 'pending' || record.state === 'authorized') {
      const event = this.complete(record, outcome);
      this.settleStatus();
      return event;
    }
    // Already settled (we executed it ourselves): keep the report, change nothing.
    return this.state.append(this.toolResultPayload(record, outcome));
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
    this.schedule((generation) => this.executeAuthorized(generation));
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

    const inputs = await this.readWithRetries(generation, 'the train gateway config and inferences', () => this.readInputs(generation));
    if (inputs === STOPPED) return;
    const target = resolveTarget({ config: inputs.snapshot.config, inferencesByFunction: inputs.inferencesByFunction, text });
    if (target.kind === 'impossible') return this.fail(`Cannot optimise anything: ${target.reason}.`);
    if (target.kind === 'needs_answer') {
      const question = { id: uuid7(), header: target.header, question: target.question, type: 'free_response' as const };
      this.state.append({ type: 'user_questions', questions: [question], content: [{ type: 'text', text: target.question }] });
      this.state.status = 'waiting_for_user_questions_answers';
      return;
    }

    const performances = await this.readWithRetries(generation, 'variant performances', () =>
      this.options.dataSource.getVariantPerformances(target.functionName, target.metricName),
    );
    if (performances === STOPPED) return;

    const inferences = inputs.inferencesByFunction[target.functionName] ?? [];
    const memory = await this.options.memory.read();
    if (this.isStale(generation)) return;
    const operator = await this.operatorAnswer(memory.operator, generation);
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
    if (operator === null && this.shouldAskOperator(draft, inferences)) return this.askOperator(draft, inferences);

    this.say(describeAnalysis({ ...draft, candidates: [], carriedOver: [], retired: [], selection: null, edits: [] }));
    const rewrite = await this.addRewriteCandidate(draft, inputs.snapshot.config, inferences, rejected, generation);
    if (rewrite === STOPPED) return;
    const plan = await this.selectAndFinish(draft, inputs.snapshot.config, inferences, operator, generation);
    if (plan === STOPPED) return;
    if (!(await this.pause(this.options.stepDelayMs, generation))) return;
    // plan-report words an operator's model list like the request's own list
    this.say(describeProposal(plan.modelsSource === 'operator' ? { ...plan, modelsSource: 'message' } : plan));
    if (plan.retired.length > 0) {
      this.say(`Retired from the experiment (their metric interval lies below ${plan.baseVariant}'s mean): ${plan.retired.join(', ')}.`);
    }
    this.lastPlanWasEmpty = plan.edits.length === 0;
    if (plan.edits.length === 0) {
      this.state.status = 'idle';
      return;
    }
    const event = this.proposeWriteConfig(plan, inputs.snapshot.hash);
    this.proposedCandidates.set(
      event.id,
      plan.candidates.map((c) => ({ fingerprint: candidateFingerprint(c), functionName: target.functionName, variantName: c.name })),
    );
  }

  /** Scores the pool with dry-run inferences (unless switched off), remembers the rejected, and builds the edits. */
  private async selectAndFinish(
    draft: OptimizationDraft,
    config: ConfigSnapshot['config'],
    inferences: StoredInferenceWithFeedback[],
    operator: OperatorAnswer | null,
    generation: number,
  ): Promise<Stoppable<OptimizationPlan>> {
    const strategy = this.options.strategy;
    const functionName = draft.analysis.functionName;
    const fn = config.functions[functionName];
    const limit = operator && operator.budgetUsd !== null ? operator.budgetUsd : strategy.budgetUsd;
    const selection = await selectCandidates({
      functionType: fn.type,
      metricName: draft.analysis.metricName,
      metric: draft.analysis.metric,
      inferences,
      candidates: draft.pool,
      baseline: { name: draft.baseVariant, variant: fn.variants[draft.baseVariant] },
      keep: strategy.maxNewVariants,
      examples: strategy.selectionExamples,
      budgetUsd: limit === null ? null : Math.max(0, limit - this.spentUsd),
      replay: (variant, input) => this.replay(functionName, variant, input, generation),
    });
    if (selection.stopped || this.isStale(generation)) return STOPPED;
    if (selection.examples > 0 && draft.pool.length > 0) this.say(describeSelection(selection, draft.baseVariant));
    this.rememberRejected(
      selection.rejected.map((r) => ({ fingerprint: r.score.fingerprint, functionName, variantName: r.candidate.name })),
      'scored below the kept candidates at selection',
    );
    return finishPlan(draft, config, strategy, selection.kept, selection);
  }

  /** The optimiser model's rewrite of the best system template joins the pool (when configured). */
  private async addRewriteCandidate(
    draft: OptimizationDraft,
    config: ConfigSnapshot['config'],
    inferences: StoredInferenceWithFeedback[],
    rejected: ReadonlySet<string>,
    generation: number,
  ): Promise<Stoppable<void>> {
    let stopped = false;
    const outcome = await runRewriteStep({
      draft,
      config,
      inferences,
      strategy: this.options.strategy,
      excludeFingerprints: rejected,
      infer: async (request) => {
        const result = await this.withRetries(generation, 'the optimiser model', () => this.options.dataSource.infer({ kind: 'model', ...request }), 'return');
        if (result === STOPPED) {
          stopped = true;
          throw new Error('session stopped');
        }
        if (result instanceof TrainDataSourceError) throw result;
        this.spentUsd += result.costUsd ?? 0;
        return result.text;
      },
    });
    if (stopped || this.isStale(generation)) return STOPPED;
    if (outcome.kind === 'added') {
      draft.pool.push(outcome.candidate);
      this.say(`${outcome.model} rewrote the system prompt of ${draft.baseVariant}; the rewrite joins the candidates as ${outcome.candidate.name}.`);
    } else if (outcome.kind === 'unusable') {
      this.say(`${outcome.model} was asked to rewrite the system prompt of ${draft.baseVariant}, but its reply was not a usable template (missing markers, changed template variables or an unchanged text); no rewrite this time.`);
    }
  }

  /** One candidate on one stored input; permanent refusals make the answer invalid, transient ones are retried. */
  private async replay(functionName: string, variant: Record<string, unknown>, input: InferenceInput, generation: number): Promise<ReplayOutcome | null> {
    const result = await this.withRetries(generation, 'a dry-run scoring inference', () => this.options.dataSource.infer({ kind: 'variant', functionName, variant, input }), 'return');
    if (result === STOPPED) return null;
    if (result instanceof TrainDataSourceError) return { kind: 'invalid', reason: result.message };
    this.spentUsd += result.costUsd ?? 0;
    return { kind: 'answer', output: result.output, costUsd: result.costUsd };
  }

  // ---- the operator question ----------------------------------------------------------------

  /** The operator's answer: remembered from an earlier session, or just given (then parsed and stored). */
  private async operatorAnswer(remembered: OperatorAnswer | null, generation: number): Promise<Stoppable<OperatorAnswer | null>> {
    if (this.operatorAnswerText === null) return remembered;
    const text = this.operatorAnswerText;
    this.operatorAnswerText = null;
    this.operatorQuestionId = null;
    const parsed = parseOperatorAnswer(text);
    const answer: OperatorAnswer = {
      text,
      allowedModels: parsed.allowedModels,
      budgetUsd: parsed.budgetStated ? parsed.budgetUsd : null,
      at: new Date().toISOString(),
    };
    await this.options.memory.update((m) => void (m.operator = answer));
    if (this.isStale(generation)) return STOPPED;
    const models = answer.allowedModels ? `models ${answer.allowedModels.join(', ')}` : 'no models named, so the default models';
    const budget = parsed.budgetStated ? (answer.budgetUsd === null ? 'no budget limit' : `a budget of $${answer.budgetUsd}`) : 'no budget named, so no limit unless the benchmark config sets one';
    this.say(`Thanks. I read your answer as: ${models}; ${budget}.`);
    return answer;
  }

  private shouldAskOperator(draft: OptimizationDraft, inferences: StoredInferenceWithFeedback[]): boolean {
    const needs = this.operatorNeeds(inferences);
    return this.options.strategy.askOperator && !this.askedOperator && draft.pool.length > 0 && (needs.models || needs.budget);
  }

  private operatorNeeds(inferences: StoredInferenceWithFeedback[]): { models: boolean; budget: boolean } {
    const strategy = this.options.strategy;
    const costs = inferences.some((i) => (i.usage?.cost ?? 0) > 0);
    return {
      models: parseAvailableModels(this.requestTexts[0] ?? '').length === 0,
      budget: strategy.budgetUsd === null && strategy.selectionExamples > 0 && costs,
    };
  }

  private askOperator(draft: OptimizationDraft, inferences: StoredInferenceWithFeedback[]): void {
    const strategy = this.options.strategy;
    const costs = inferences.map((i) => i.usage?.cost ?? 0).filter((c) => c > 0);
    const perCall = costs.length > 0 ? costs.reduce((a, b) => a + b, 0) / costs.length : null;
    const calls = strategy.selectionExamples * (draft.pool.length + 1);
    const text = operatorQuestionText(this.operatorNeeds(inferences), { models: draft.models, estimatedCostUsd: perCall === null ? null : perCall * calls });
    const question = { id: uuid7(), header: 'Models and budget', question: text, type: 'free_response' as const };
    const event = this.state.append({ type: 'user_questions', questions: [question], content: [{ type: 'text', text }] });
    this.operatorQuestionId = event.id;
    this.askedOperator = true;
    this.state.status = 'waiting_for_user_questions_answers';
  }

  /** Persists fingerprints that must never be proposed again (best effort: a write failure is logged). */
  private rememberRejected(items: Array<{ fingerprint: string; functionName: string; variantName: string }>, reason: string): void {
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

  /** Config plus inferences of every function; partial if the session stops meanwhile (the caller sees it stale). */
  private async readInputs(generation: number): Promise<ReadInputs> {
    const snapshot = await this.options.dataSource.getConfig();
    const inferencesByFunction: Record<string, StoredInferenceWithFeedback[]> = {};
    for (const name of userFunctionNames(snapshot.config)) {
      if (this.isStale(generation)) break;
      inferencesByFunction[name] = await this.options.dataSource.listInferences(name, this.options.strategy.inferenceLimit);
    }
    return { snapshot, inferencesByFunction };
  }

  /**
   * Runs a read; transient failures put the session in `waiting_for_retry` (until a read
   * succeeds) and are retried after a delay; persistent or permanent ones fail the session.
   */
  private readWithRetries<T>(generation: number, what: string, read: () => Promise<T>): Promise<Stoppable<T>> {
    return this.withRetries(generation, what, read, 'fail') as Promise<Stoppable<T>>;
  }

  /** `readWithRetries`, where `permanent: 'return'` hands a permanent failure back instead of failing the session. */
  private async withRetries<T>(
    generation: number,
    what: string,
    read: () => Promise<T>,
    permanent: 'fail' | 'return',
  ): Promise<Stoppable<T | TrainDataSourceError>> {
    let inRetry = false;
    try {
      return await this.attemptWithRetries(generation, what, read, permanent, () => {
        if (!inRetry) this.retrying++;
        inRetry = true;
      });
    } finally {
      if (inRetry) this.retrying--;
      // concurrent scoring calls: the status stays until no call is in a retry cycle
      if (this.state.status === 'waiting_for_retry' && this.retrying === 0 && !this.isStale(generation)) this.state.status = 'server_side_processing';
    }
  }

  private async attemptWithRetries<T>(
    generation: number,
    what: string,
    read: () => Promise<T>,
    permanent: 'fail' | 'return',
    onRetry: () => void,
  ): Promise<Stoppable<T | TrainDataSourceError>> {
    const attempts = this.options.maxReadAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await read();
        if (this.isStale(generation)) return STOPPED;
        return value;
      } catch (err) {
        if (this.isStale(generation)) return STOPPED;
        const retryable = err instanceof TrainDataSourceError && err.retryable;
        const message = (err as Error).message ?? String(err);
        if (!retryable && permanent === 'return' && err instanceof TrainDataSourceError) return err;
        if (!retryable || attempt >= attempts) {
          this.fail(`Could not read ${what}${retryable ? ` after ${attempts} attempts` : ''}: ${message}`);
          return STOPPED;
        }
        this.options.logger.warn({ sessionId: this.state.id, attempt, err: message }, 'train gateway read failed; will retry');
        this.state.status = 'waiting_for_retry';
        this.state.append({
          type: 'status_update',
          status_update: { type: 'text', text: `Could not read ${what} (attempt ${attempt} of ${attempts}); retrying shortly.` },
        });
        onRetry();
        if (!(await this.pause(this.options.retryDelayMs, generation))) return STOPPED;
      }
    }
  }

  private proposeWriteConfig(plan: OptimizationPlan, configHash: string): SessionEvent {
    const payload = {
      type: 'tool_call' as const,
      name: 'write_config',
      arguments: { edit: plan.edits } as Record<string, unknown>,
      side_info: {
        tool_call_event_id: '', // filled in below: the id is only known once the event is appended
        session_id: this.state.id,
        config_snapshot_hash: configHash || this.state.configSnapshotHash,
        optimization: { poll_interval_secs: 60, max_wait_secs: 86_400 },
      },
      requires_approval: true,
    };
    const event = this.state.append(payload);
    event.payload.side_info.tool_call_event_id = event.id;
    this.state.status = 'waiting_for_tool_call_authorization';
    return event;
  }

  private async executeAuthorized(generation: number): Promise<void> {
    if (!(await this.pause(this.options.stepDelayMs, generation))) return;
    for (const record of this.state.toolCallsIn('authorized')) {
      if (this.isStale(generation)) return;
      const outcome = this.runTool(record);
      this.complete(record, outcome);
      if (outcome.type === 'success') {
        this.say('The configuration change is validated and stored. Apply it and restart the gateways; the experiment then shifts traffic towards whichever variant wins on the metric.');
      } else {
        this.say(`The configuration change could not be stored: ${JSON.stringify((outcome as { error?: unknown }).error)}`);
      }
    }
    this.settleStatus();
  }

  private runTool(record: ToolCallRecord): ToolOutcome {
    const { name, arguments: args } = record.event.payload;
    if (name !== 'write_config') return { type: 'failure', error: `tool ${name} is not available` };
    const result = validateWriteConfigArguments(args);
    return result.ok ? { type: 'success', result_value: { hash: result.hash } } : { type: 'failure', error: result.error };
  }

  // ---- state helpers ------------------------------------------------------------------------

  private requireToolCall(toolCallEventId: string): ToolCallRecord {
    const record = this.state.toolCall(toolCallEventId);
    if (!record) throw new InvalidRequestError(`tool call event ${toolCallEventId} is not part of session ${this.state.id}`);
    return record;
  }

  private authorize(record: ToolCallRecord, source: AuthorizationSource, status: AuthorizationStatus): SessionEvent {
    record.state = status.type === 'approved' ? 'authorized' : 'rejected';
    record.authorizationSource = source;
    record.authorizationStatus = status;
    return this.state.append({
      type: 'tool_call_authorization',
      source,
      tool_call_event_id: record.event.id,
      status,
      tool_call_name: record.event.payload.name,
      tool_call_arguments: record.event.payload.arguments,
    });
  }

  private toolResultPayload(record: ToolCallRecord, outcome: ToolOutcome) {
    return {
      type: 'tool_result' as const,
      tool_call_event_id: record.event.id,
      outcome,
      tool_call_name: record.event.payload.name,
      tool_call_arguments: record.event.payload.arguments,
      tool_call_authorization_source: record.authorizationSource,
      tool_call_authorization_status: record.authorizationStatus,
    };
  }

  private complete(record: ToolCallRecord, outcome: ToolOutcome): SessionEvent {
    if (outcome.type !== 'rejected') record.state = 'completed';
    record.outcome = outcome;
    if (outcome.type === 'success' && record.event.payload.name === 'write_config') {
      const edits = (record.event.payload.arguments.edit ?? []) as Array<{ operation?: string }>;
      if (edits.some((e) => e.operation === 'upsert_variant')) this.wroteVariants = true;
      if (edits.some((e) => e.operation === 'upsert_experimentation')) this.wroteExperimentation = true;
    }
    return this.state.append(this.toolResultPayload(record, outcome));
  }

  /** After a tool call settles: wait for the rest, or go idle. */
  private settleStatus(): void {
    if (this.state.status === 'failed') return;
    if (this.state.toolCallsIn('pending').length > 0) this.state.status = 'waiting_for_tool_call_authorization';
    else if (this.state.toolCallsIn('authorized').length > 0) this.state.status = 'waiting_for_tool_execution';
    else this.state.status = 'idle';
  }

  private say(text: string): void {
    this.state.append({ type: 'message', role: 'assistant', content: [{ type: 'text', text }] });
  }

  private fail(message: string): void {
    this.state.append({ type: 'error', message });
    this.state.status = 'failed';
    this.options.logger.warn({ sessionId: this.state.id, error: message }, 'session failed');
  }
}
