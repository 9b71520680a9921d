/**
 * Types of the session as the harness sees it through the gateway proxy
 * (reference/original-harness.md §4). The protocol itself is in `../protocol`.
 */
import type { AutopilotProtocolError, LEGACY_ERROR_STATUS, SessionStatus as ProtocolStatus } from '../protocol';
import type { AutopilotFault } from './fault-class';

/** The statuses the harness understands: the protocol's, plus `error` which the original also handles. */
export type KnownSessionStatus = ProtocolStatus | typeof LEGACY_ERROR_STATUS;

/** A status string from the service; unknown values are kept verbatim (they end the session). */
export type SessionStatus = KnownSessionStatus | (string & {});

/** How a session ended: an actionable status that stopped it, `interrupted` at the turn limit, or `error`. */
export type SessionFinalStatus = SessionStatus | 'interrupted';

/** One config edit (an EditPayload: `upsert_variant`, `upsert_experimentation`, …), applied by the gateway part. */
export type ConfigEdit = Record<string, unknown>;

/** `{id, session_id, created_at, payload}`; everything is optional because we only read what we use. */
export interface SessionEvent {
  id?: string;
  session_id?: string;
  created_at?: string;
  payload?: { type?: string } & Record<string, unknown>;
}

/** What one `GET /sessions/{id}/events` poll gives us. */
export interface SessionSnapshot {
  /** `status.status`; empty string when missing */
  status: SessionStatus;
  events: SessionEvent[];
  pendingToolCalls: SessionEvent[];
  /** set when the status is missing or not one the protocol names (the session then ends with it) */
  statusFault: AutopilotProtocolError | null;
}

/** The outcome of one session; field names match the persisted artifacts (snake_case). */
export interface SessionResult {
  /** null when the session could not be created (the service refused or broke the protocol) */
  session_id: string | null;
  final_status: SessionFinalStatus;
  /** handled actionable states, nudges and answers included */
  turns: number;
  /** flattened edits: the list that is applied to the config */
  config_writes: ConfigEdit[];
  /** the service's config-write events as returned */
  raw_config_writes: unknown[];
  /**
   * the exception text when `final_status` is `error`; the protocol fault when the service
   * reported a status the protocol does not name (`final_status` is that status); else null
   */
  error: string | null;
  /** the autopilot-side fault that ended the session, classified (`fault-class.ts`); null when none */
  fault: AutopilotFault | null;
  /** every session event the harness saw (messages, questions, answers, tool calls and results), oldest first */
  events: SessionEvent[];
}

/** Progress reported while a session runs (activities turn these into heartbeats and logs). */
export type SessionProgressEvent =
  | { type: 'session:created'; sessionId: string }
  | { type: 'poll:status'; sessionId: string; poll: number; status: SessionStatus }
  | { type: 'poll:error'; sessionId: string; poll: number; message: string }
  | { type: 'turn:started'; sessionId: string; turn: number; status: SessionStatus }
  | { type: 'nudge:sent'; sessionId: string; missing: string; viaInterlocutor: boolean }
  | { type: 'tool_calls:approved'; sessionId: string; count: number; lastToolCallEventId: string }
  | { type: 'questions:answered'; sessionId: string; viaInterlocutor: boolean }
  | { type: 'session:interrupted'; sessionId: string }
  | { type: 'session:finished'; sessionId: string; finalStatus: SessionFinalStatus; turns: number };
