import type { SessionStatus } from './types';

/** The service is working; keep polling. Everything else is returned to the main loop (a deny-list, so new statuses stop the session). */
export const BACKGROUND_STATUSES: ReadonlySet<string> = new Set([
  'server_side_processing',
  'waiting_for_tool_execution',
  'waiting_for_retry',
]);

/**
 * Statuses answered with a user message. Besides ordinary questions this includes the two
 * auto-eval question statuses: the original harness stopped on them as "unexpected", which
 * threw away the rest of the session; we decided to answer them through the interlocutor
 * like any other question (reference/original-harness.md §4.8 leaves this to us).
 */
export const QUESTION_STATUSES: ReadonlySet<string> = new Set([
  'waiting_for_user_questions_answers',
  'waiting_for_auto_eval_example_labeling_answers',
  'waiting_for_auto_eval_behavior_spec_answers',
]);

/** What the main loop does with an actionable status. */
export type StatusAction = 'check_writes' | 'approve_tool_calls' | 'answer_questions' | 'stop' | 'unexpected';

export function isBackgroundStatus(status: SessionStatus): boolean {
  return BACKGROUND_STATUSES.has(status);
}

export function actionForStatus(status: SessionStatus): StatusAction {
  if (status === 'idle') return 'check_writes';
  if (status === 'waiting_for_tool_call_authorization') return 'approve_tool_calls';
  if (QUESTION_STATUSES.has(status)) return 'answer_questions';
  if (status === 'failed' || status === 'error') return 'stop';
  return 'unexpected';
}
