/**
 * Session statuses of the protocol (reference/tensorzero.md §1.6): the values `status.status`
 * may take, and which of them mean "the service is still working".
 */

/** Every status TensorZero's status enum names (TensorZero 2026.4). */
export const SESSION_STATUSES = [
  'idle',
  'server_side_processing',
  'waiting_for_tool_call_authorization',
  'waiting_for_tool_execution',
  'waiting_for_user_questions_answers',
  'waiting_for_auto_eval_example_labeling_answers',
  'waiting_for_auto_eval_behavior_spec_answers',
  'waiting_for_retry',
  'failed',
] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

const STATUS_SET: ReadonlySet<string> = new Set(SESSION_STATUSES);

export function isSessionStatus(value: string): value is SessionStatus {
  return STATUS_SET.has(value);
}

/**
 * Not in TensorZero's enum, but the original harness stops on it as a failure, and so do we:
 * a service that says `error` is understood, not a protocol fault.
 */
export const LEGACY_ERROR_STATUS = 'error';

/** The service is working; a client keeps polling. A deny-list for clients: anything else is returned to the caller. */
export const BACKGROUND_STATUSES: ReadonlySet<SessionStatus> = new Set<SessionStatus>([
  'server_side_processing',
  'waiting_for_tool_execution',
  'waiting_for_retry',
]);

/** The service waits for answers to questions (ordinary and auto-eval ones). */
export const QUESTION_STATUSES: ReadonlySet<SessionStatus> = new Set<SessionStatus>([
  'waiting_for_user_questions_answers',
  'waiting_for_auto_eval_example_labeling_answers',
  'waiting_for_auto_eval_behavior_spec_answers',
]);
