import { BACKGROUND_STATUSES, LEGACY_ERROR_STATUS, QUESTION_STATUSES, isSessionStatus } from '../protocol';
import type { SessionStatus } from './types';

/**
 * Question statuses are answered with a user message. Besides ordinary questions this includes
 * the two auto-eval question statuses: the original harness stopped on them as "unexpected",
 * which threw away the rest of the session; we decided to answer them through the interlocutor
 * like any other question (reference/original-harness.md §4.8 leaves this to us).
 */
export { BACKGROUND_STATUSES, QUESTION_STATUSES };

/** What the main loop does with an actionable status. */
export type StatusAction = 'check_writes' | 'approve_tool_calls' | 'answer_questions' | 'stop' | 'unexpected';

/** The service is working; keep polling. A deny-list, so new statuses stop the session. */
export function isBackgroundStatus(status: SessionStatus): boolean {
  return isSessionStatus(status) && BACKGROUND_STATUSES.has(status);
}

/** True for the statuses the harness understands: the protocol's and the original's `error`. */
export function isKnownStatus(status: SessionStatus): boolean {
  return isSessionStatus(status) || status === LEGACY_ERROR_STATUS;
}

export function actionForStatus(status: SessionStatus): StatusAction {
  if (status === 'idle') return 'check_writes';
  if (status === 'waiting_for_tool_call_authorization') return 'approve_tool_calls';
  if (isSessionStatus(status) && QUESTION_STATUSES.has(status)) return 'answer_questions';
  if (status === 'failed' || status === LEGACY_ERROR_STATUS) return 'stop';
  return 'unexpected';
}
