/**
 * Types of the autopilot session protocol as the harness sees it through the gateway proxy
 * (reference/tensorzero.md §1.6, reference/original-harness.md §4).
 */

/** The statuses named by TensorZero's status enum, plus `error` which the original also handles. */
export type KnownSessionStatus =
  | 'idle'
  | 'server_side_processing'
  | 'waiting_for_tool_call_authorization'
  | 'waiting_for_tool_execution'
  | 'waiting_for_user_questions_answers'
  | 'waiting_for_auto_eval_example_labeling_answers'
  | 'waiting_for_auto_eval_behavior_spec_answers'
  | 'waiting_for_retry'
  | 'failed'
  | 'error';

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
}

/** The outcome of one session; field names match the persisted artifacts (snake_case). */
export interface SessionResult {
  session_id: string;
  final_status: SessionFinalStatus;
  /** handled actionable states, nudges and answers included */
  turns: number;
  /** flattened edits: the list that is applied to the config */
  config_writes: ConfigEdit[];
  /** the service's config-write events as returned */
  raw_config_writes: unknown[];
  /** the exception text when `final_status` is `error`, else null */
  error: string | null;
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
