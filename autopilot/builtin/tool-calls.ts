/**
 * The session's write_config tool calls: proposing one, authorizing, executing approved calls
 * (validation only — the harness applies the config), recording results, and the status that
 * follows once a call settles.
 */
import { InvalidRequestError } from './errors';
import type { SessionState, ToolCallRecord } from './session-state';
import type { SessionSteps } from './session-steps';
import type { ApproveAllResponse, AuthorizationSource, AuthorizationStatus, SessionEvent, ToolOutcome } from '../protocol';
import type { OptimizationPlan } from './strategy/plan-optimization';
import { validateWriteConfigArguments } from './write-config-validation';

export class ToolCalls {
  private wroteVariants = false;
  private wroteExperimentation = false;

  constructor(
    private readonly state: SessionState,
    /** pause before executing approved calls, so pollers can follow the session */
    private readonly stepDelayMs: number,
    private readonly steps: Pick<SessionSteps, 'isStale' | 'pause' | 'say'>,
  ) {}

  /** Whether a successful write_config stored both new variants and an experiment. */
  wroteVariantsAndExperiment(): boolean {
    return this.wroteVariants && this.wroteExperimentation;
  }

  /** The call with this event id, or an invalid-request error. */
  require(toolCallEventId: string): ToolCallRecord {
    const record = this.state.toolCall(toolCallEventId);
    if (!record) throw new InvalidRequestError(`tool call event ${toolCallEventId} is not part of session ${this.state.id}`);
    return record;
  }

  /** Appends the write_config call of a plan; the session waits for its authorization. */
  propose(plan: Pick<OptimizationPlan, 'edits'>, configHash: string): SessionEvent {
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

  /** Approves every pending call up to and including `lastToolCallEventId` (the caller schedules execution). */
  approveAll(lastToolCallEventId: string): ApproveAllResponse {
    const calls = [...this.state.toolCalls.values()];
    const last = calls.findIndex((r) => r.event.id === lastToolCallEventId);
    if (last === -1) throw new InvalidRequestError(`tool call event ${lastToolCallEventId} is not part of session ${this.state.id}`);
    const approved = calls.slice(0, last + 1).filter((r) => r.state === 'pending');
    const source: AuthorizationSource = { type: 'ui' };
    const eventIds = approved.map((record) => this.authorize(record, source, { type: 'approved' }).id);
    return { approved_count: approved.length, event_ids: eventIds, tool_call_event_ids: approved.map((r) => r.event.id) };
  }

  authorize(record: ToolCallRecord, source: AuthorizationSource, status: AuthorizationStatus): SessionEvent {
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

  /** Runs every authorized call and reports each outcome. */
  async executeAuthorized(generation: number): Promise<void> {
    if (!(await this.steps.pause(this.stepDelayMs, generation))) return;
    for (const record of this.state.toolCallsIn('authorized')) {
      if (this.steps.isStale(generation)) return;
      const outcome = this.run(record);
      this.complete(record, outcome);
      if (outcome.type === 'success') {
        this.steps.say('The configuration change is validated and stored. Apply it and restart the gateways; the experiment then shifts traffic towards whichever variant wins on the metric.');
      } else {
        this.steps.say(`The configuration change could not be stored: ${JSON.stringify((outcome as { error?: unknown }).error)}`);
      }
    }
    this.settleStatus();
  }

  /** Records a call's outcome (and what a successful write_config stored). */
  complete(record: ToolCallRecord, outcome: ToolOutcome): SessionEvent {
    if (outcome.type !== 'rejected') record.state = 'completed';
    record.outcome = outcome;
    if (outcome.type === 'success' && record.event.payload.name === 'write_config') {
      const edits = (record.event.payload.arguments.edit ?? []) as Array<{ operation?: string }>;
      if (edits.some((e) => e.operation === 'upsert_variant')) this.wroteVariants = true;
      if (edits.some((e) => e.operation === 'upsert_experimentation')) this.wroteExperimentation = true;
    }
    return this.state.append(this.resultPayload(record, outcome));
  }

  resultPayload(record: ToolCallRecord, outcome: ToolOutcome) {
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

  /** After a tool call settles: wait for the rest, or go idle. */
  settleStatus(): void {
    if (this.state.status === 'failed') return;
    if (this.state.toolCallsIn('pending').length > 0) this.state.status = 'waiting_for_tool_call_authorization';
    else if (this.state.toolCallsIn('authorized').length > 0) this.state.status = 'waiting_for_tool_execution';
    else this.state.status = 'idle';
  }

  private run(record: ToolCallRecord): ToolOutcome {
    const { name, arguments: args } = record.event.payload;
    if (name !== 'write_config') return { type: 'failure', error: `tool ${name} is not available` };
    const result = validateWriteConfigArguments(args);
    return result.ok ? { type: 'success', result_value: { hash: result.hash } } : { type: 'failure', error: result.error };
  }
}
