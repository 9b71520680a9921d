/**
 * The parts of the session protocol the conformance suite checks against, written down once:
 * status names (reference/tensorzero.md §1.6), which of them mean "still working", and the
 * nil session id that asks for a new session.
 */
import { BACKGROUND_STATUSES } from '../../../autopilot/session/session-status';

export { NIL_UUID as NIL_SESSION_ID } from '../../../common/uuid7';

/** Every `status.status` value a service may report (TensorZero 2026.4). */
export const PROTOCOL_STATUSES: ReadonlySet<string> = new Set([
  'idle',
  'server_side_processing',
  'waiting_for_tool_call_authorization',
  'waiting_for_tool_execution',
  'waiting_for_user_questions_answers',
  'waiting_for_auto_eval_example_labeling_answers',
  'waiting_for_auto_eval_behavior_spec_answers',
  'waiting_for_retry',
  'failed',
]);

/** "The service is working": the harness keeps polling through these (the same set it uses). */
export { BACKGROUND_STATUSES };

/** `GET /v1/sessions/{id}/events` as the suite reads it. */
export interface PollResponse {
  events: ProtocolEvent[];
  status: { status: string };
  pending_tool_calls: ProtocolEvent[];
  previous_user_message_event_id: string;
  pending_user_questions?: ProtocolEvent[];
}

export interface ProtocolEvent {
  id: string;
  session_id: string;
  created_at: string;
  payload: { type: string; [key: string]: unknown };
}

export interface CreateEventResponse {
  event_id: string;
  session_id: string;
}
