/**
 * The parts of the session protocol the conformance suite checks against. They are defined
 * once, in `autopilot/protocol/`; this file names them the way the suite reads them.
 */
import { SESSION_STATUSES, type CreateEventResponse, type SessionStatus } from '../../../autopilot/protocol';

export { BACKGROUND_STATUSES, NIL_SESSION_ID } from '../../../autopilot/protocol';
export type { CreateEventResponse };

/** Every `status.status` value a service may report. */
export const PROTOCOL_STATUSES: ReadonlySet<string> = new Set<string>(SESSION_STATUSES);

/**
 * `GET /v1/sessions/{id}/events` as the suite reads it: statuses and payload types stay plain
 * strings here so the suite can report a wrong value instead of failing to type-check it.
 */
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

/** True when a reported status is one the protocol names. */
export function isProtocolStatus(status: string): status is SessionStatus {
  return PROTOCOL_STATUSES.has(status);
}
