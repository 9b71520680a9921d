import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

/**
 * Classifying failures in workflow code (pure, deterministic). A lost worker is what we can
 * recover from by moving the run; anything else is a failure of the step itself.
 */

/** Why the failure means the worker holding the run is gone, or null when it does not. */
export function lostWorkerReason(err: unknown): string | null {
  if (!(err instanceof ActivityFailure)) return null;
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) {
    if (cause.timeoutType === 'SCHEDULE_TO_START') return 'nobody polls the worker queue any more (schedule-to-start timeout)';
    if (cause.timeoutType === 'HEARTBEAT') return 'the step stopped heartbeating (heartbeat timeout)';
    return null;
  }
  if (cause instanceof ApplicationFailure && cause.type === 'RunStateLost') return `the worker no longer holds the run: ${cause.message}`;
  return null;
}

/** The innermost message of a failure: an activity failure's own text is only "Activity task failed". */
export function describeFailure(err: unknown): string {
  let current: unknown = err;
  while (current instanceof ActivityFailure && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
