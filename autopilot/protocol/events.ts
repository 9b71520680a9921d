/**
 * Events, their payloads and the response bodies of the session protocol, as a service
 * produces them (reference/tensorzero.md §1.6). Clients read them leniently through
 * `response-schemas.ts`; these types are what a conforming service sends.
 */
import type { SessionStatus } from './statuses';

export interface TextContent { type: 'text'; text: string }

export type AuthorizationSource = { type: 'ui' } | { type: 'automatic' } | Record<string, unknown>;

export type AuthorizationStatus =
  | { type: 'approved' }
  | { type: 'rejected'; reason: string }
  | { type: 'interrupted' };

export type ToolOutcome =
  | { type: 'success'; result_value: unknown }
  | { type: 'rejected'; reason: string }
  | { type: 'failure'; error: unknown }
  | { type: 'missing' }
  | { type: 'unknown' }
  | { type: string; [key: string]: unknown };

export interface ToolCallSideInfo {
  tool_call_event_id: string;
  session_id: string;
  config_snapshot_hash: string | null;
  optimization: { poll_interval_secs: number; max_wait_secs: number };
}

export interface UserQuestion {
  id: string;
  header: string;
  question: string;
  type: 'free_response';
}

export type UserQuestionResponse =
  | { type: 'free_response'; text: string }
  | { type: 'multiple_choice'; selected: string[]; free_response_text?: string }
  | { type: 'skipped' };

export type EventPayload =
  | { type: 'message'; role: 'user' | 'assistant'; content: TextContent[] }
  | { type: 'status_update'; status_update: TextContent }
  | { type: 'error'; message: string }
  | { type: 'tool_call'; name: string; arguments: Record<string, unknown>; side_info: ToolCallSideInfo; requires_approval: boolean }
  | {
      type: 'tool_call_authorization';
      source: AuthorizationSource;
      tool_call_event_id: string;
      status: AuthorizationStatus;
      tool_call_name: string;
      tool_call_arguments: Record<string, unknown>;
    }
  | {
      type: 'tool_result';
      tool_call_event_id: string;
      outcome: ToolOutcome;
      tool_call_name: string;
      tool_call_arguments: Record<string, unknown>;
      tool_call_authorization_source: AuthorizationSource | null;
      tool_call_authorization_status: AuthorizationStatus | null;
    }
  // `content` repeats the questions as text for clients that read questions that way (the original harness does).
  | { type: 'user_questions'; questions: UserQuestion[]; content: TextContent[] }
  | { type: 'user_questions_answers'; user_questions_event_id: string; responses: Record<string, UserQuestionResponse> };

export interface SessionEvent<P extends EventPayload = EventPayload> {
  id: string;
  session_id: string;
  created_at: string;
  payload: P;
}

export interface SessionSummary {
  id: string;
  organization_id: string;
  workspace_id: string;
  deployment_id: string | null;
  tensorzero_version: string | null;
  created_at: string;
  last_event_at: string | null;
  short_summary: string | null;
}

export interface ListEventsResponse {
  events: SessionEvent[];
  previous_user_message_event_id: string;
  status: { status: SessionStatus };
  pending_tool_calls: SessionEvent[];
  pending_user_questions: SessionEvent[];
}

export interface ApproveAllResponse {
  approved_count: number;
  event_ids: string[];
  tool_call_event_ids: string[];
}

/** `POST /v1/sessions/{id}/events` */
export interface CreateEventResponse {
  event_id: string;
  session_id: string;
}

/** `GET /v1/sessions/{id}/config-writes`: the `write_config` tool-call events, oldest first. */
export interface ConfigWritesResponse {
  config_writes: SessionEvent[];
}
