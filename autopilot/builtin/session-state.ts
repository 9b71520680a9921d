/**
 * One session's record: its events in order, its status, and the bookkeeping behind the
 * "pending" views (tool calls awaiting authorization, questions awaiting answers).
 */
import { uuid7 } from '../../common/uuid7';
import { EventNotFoundError } from './errors';
import type {
  AuthorizationSource,
  AuthorizationStatus,
  EventPayload,
  ListEventsResponse,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  ToolOutcome,
} from '../protocol';
import { NIL_UUID } from '../../common/uuid7';

export type ToolCallState = 'pending' | 'authorized' | 'completed' | 'rejected' | 'interrupted';

export type ToolCallEvent = SessionEvent<Extract<EventPayload, { type: 'tool_call' }>>;

export interface ToolCallRecord {
  event: ToolCallEvent;
  state: ToolCallState;
  authorizationSource: AuthorizationSource | null;
  authorizationStatus: AuthorizationStatus | null;
  outcome: ToolOutcome | null;
}

export interface SessionStateInit {
  deploymentId: string | null;
  tensorzeroVersion: string | null;
  configSnapshotHash: string | null;
  nowMs?: () => number;
}

export class SessionState {
  readonly id: string;
  readonly createdAt: string;
  readonly deploymentId: string | null;
  readonly tensorzeroVersion: string | null;
  readonly configSnapshotHash: string | null;
  status: SessionStatus = 'server_side_processing';
  readonly events: SessionEvent[] = [];
  readonly toolCalls = new Map<string, ToolCallRecord>();
  /** user_questions event id → answered yet */
  readonly questions = new Map<string, boolean>();
  lastUserMessageEventId: string | null = null;
  private readonly now: () => number;

  constructor(init: SessionStateInit) {
    this.now = init.nowMs ?? Date.now;
    this.id = uuid7(this.now());
    this.createdAt = new Date(this.now()).toISOString();
    this.deploymentId = init.deploymentId;
    this.tensorzeroVersion = init.tensorzeroVersion;
    this.configSnapshotHash = init.configSnapshotHash;
  }

  append<P extends EventPayload>(payload: P): SessionEvent<P> {
    const nowMs = this.now();
    const event: SessionEvent<P> = { id: uuid7(nowMs), session_id: this.id, created_at: new Date(nowMs).toISOString(), payload };
    this.events.push(event);
    if (payload.type === 'message' && payload.role === 'user') this.lastUserMessageEventId = event.id;
    if (payload.type === 'tool_call') {
      this.toolCalls.set(event.id, {
        event: event as unknown as ToolCallEvent,
        state: payload.requires_approval ? 'pending' : 'authorized',
        authorizationSource: null,
        authorizationStatus: null,
        outcome: null,
      });
    }
    if (payload.type === 'user_questions') this.questions.set(event.id, false);
    return event;
  }

  event(eventId: string): SessionEvent {
    const event = this.events.find((e) => e.id === eventId);
    if (!event) throw new EventNotFoundError(this.id, eventId);
    return event;
  }

  toolCall(eventId: string): ToolCallRecord | undefined {
    return this.toolCalls.get(eventId);
  }

  /** Tool calls in the given states, oldest first. */
  toolCallsIn(...states: ToolCallState[]): ToolCallRecord[] {
    return [...this.toolCalls.values()].filter((r) => states.includes(r.state));
  }

  /** After an interrupt: pending and authorized calls are dropped, open questions closed, the session idle (unless failed). */
  dropPendingWork(): void {
    for (const record of this.toolCallsIn('pending', 'authorized')) record.state = 'interrupted';
    for (const id of this.pendingQuestionIds()) this.questions.set(id, true);
    if (this.status !== 'failed') this.status = 'idle';
  }

  pendingQuestionIds(): string[] {
    return [...this.questions.entries()].filter(([, answered]) => !answered).map(([id]) => id);
  }

  /** `write_config` calls that were not turned down or abandoned, oldest first. */
  configWrites(): SessionEvent[] {
    return [...this.toolCalls.values()]
      .filter((r) => r.event.payload.name === 'write_config')
      .filter((r) => r.state !== 'rejected' && r.state !== 'interrupted')
      .filter((r) => r.state !== 'completed' || r.outcome?.type === 'success')
      .map((r) => r.event);
  }

  /** The newest `limit` events strictly before `before` (all by default), in chronological order. */
  listEvents(options: { limit?: number; before?: string } = {}): ListEventsResponse {
    let events = this.events;
    if (options.before) {
      const at = events.findIndex((e) => e.id === options.before);
      if (at === -1) throw new EventNotFoundError(this.id, options.before);
      events = events.slice(0, at);
    }
    if (options.limit !== undefined) events = events.slice(Math.max(0, events.length - options.limit));
    const pendingQuestions = new Set(this.pendingQuestionIds());
    return {
      events,
      previous_user_message_event_id: this.lastUserMessageEventId ?? NIL_UUID,
      status: { status: this.status },
      pending_tool_calls: this.toolCallsIn('pending').map((r) => r.event),
      pending_user_questions: this.events.filter((e) => pendingQuestions.has(e.id)),
    };
  }

  summary(): SessionSummary {
    const firstUserText = this.events
      .map((e) => e.payload)
      .find((p): p is Extract<EventPayload, { type: 'message' }> => p.type === 'message' && p.role === 'user')
      ?.content.map((c) => c.text)
      .join(' ');
    return {
      id: this.id,
      organization_id: NIL_UUID,
      workspace_id: NIL_UUID,
      deployment_id: this.deploymentId,
      tensorzero_version: this.tensorzeroVersion,
      created_at: this.createdAt,
      last_event_at: this.events.at(-1)?.created_at ?? null,
      short_summary: firstUserText ? firstUserText.slice(0, 80) : null,
    };
  }
}
