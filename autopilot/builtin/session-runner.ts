/**
 * The session state machine. Client events and actions change state synchronously (so a poller
 * never sees a stale status); the slow work — reading the train gateway, planning, executing
 * approved tool calls — runs asynchronously, one task at a time per session.
 *
 *   analyse → messages → write_config tool call → waiting_for_tool_call_authorization
 *   approve → waiting_for_tool_execution → tool_result → idle
 *   unclear target → user_questions → waiting_for_user_questions_answers → answer → analyse
 *   transient read failure → waiting_for_retry → … → failed after repeated failures
 *
 * Interrupt bumps a generation counter; work started under an older generation stops at its
 * next checkpoint without touching the session.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/logger';
import { uuid7 } from '../../common/uuid7';
import type { StoredInferenceWithFeedback } from '../../gateway/wire';
import { InvalidRequestError } from './errors';
import type { ClientPayload } from './request-schemas';
import { SessionState, type ToolCallRecord } from './session-state';
import type { ApproveAllResponse, AuthorizationSource, AuthorizationStatus, SessionEvent, ToolOutcome, UserQuestionResponse } from './session-types';
import { userFunctionNames, type ConfigSnapshot } from './strategy/config-types';
import { describeAnalysis, describeProposal } from './strategy/plan-report';
import { planOptimization, PlanningError, type OptimizationPlan } from './strategy/plan-optimization';
import type { ResolvedStrategyOptions } from './strategy/strategy-options';
import { resolveTarget } from './strategy/target-resolution';
import { TrainDataSourceError, type TrainDataSource } from './strategy/train-data-source';
import { validateWriteConfigArguments } from './write-config-validation';

export interface SessionRunnerOptions {
  dataSource: TrainDataSource;
  strategy: ResolvedStrategyOptions;
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
      for (const id of this.state.pendingQuestionIds()) this.state.questions.set(id, true);
      this.requestTexts.push(text);
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
      this.requestTexts.push(...Object.values(responses).map(responseText).filter(Boolean));
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

    let plan: OptimizationPlan;
    try {
      plan = planOptimization({
        config: inputs.snapshot.config,
        functionName: target.functionName,
        metricName: target.metricName,
        initialMessage: this.requestTexts[0] ?? '',
        inferences: inputs.inferencesByFunction[target.functionName] ?? [],
        performances,
        strategy: this.options.strategy,
      });
    } catch (err) {
      if (err instanceof PlanningError) return this.fail(`Cannot optimise ${err.functionName}: ${err.message}.`);
      throw err;
    }

    this.say(describeAnalysis(plan));
    if (!(await this.pause(this.options.stepDelayMs, generation))) return;
    this.say(describeProposal(plan));
    this.lastPlanWasEmpty = plan.edits.length === 0;
    if (plan.edits.length === 0) {
      this.state.status = 'idle';
      return;
    }
    this.proposeWriteConfig(plan, inputs.snapshot.hash);
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
  private async readWithRetries<T>(generation: number, what: string, read: () => Promise<T>): Promise<Stoppable<T>> {
    const attempts = this.options.maxReadAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await read();
        if (this.isStale(generation)) return STOPPED;
        if (this.state.status === 'waiting_for_retry') this.state.status = 'server_side_processing';
        return value;
      } catch (err) {
        if (this.isStale(generation)) return STOPPED;
        const retryable = err instanceof TrainDataSourceError && err.retryable;
        const message = (err as Error).message ?? String(err);
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
        if (!(await this.pause(this.options.retryDelayMs, generation))) return STOPPED;
      }
    }
  }

  private proposeWriteConfig(plan: OptimizationPlan, configHash: string): void {
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
