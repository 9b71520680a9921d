import { AWAITING_DECISION_MEMO, type AwaitingDecision } from '../workflows/shared';

/** The failed iteration a run waits on, as the workflow keeps it in its memo (null when none). */
export function awaitingDecisionOf(memo: Record<string, unknown> | undefined): AwaitingDecision | null {
  const value = memo?.[AWAITING_DECISION_MEMO];
  return value && typeof value === 'object' ? (value as AwaitingDecision) : null;
}

/** "4m 05s left (until <deadline>)", or that the deadline has passed. */
export function timeLeft(awaiting: AwaitingDecision, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((Date.parse(awaiting.deadline) - now.getTime()) / 1000));
  if (seconds === 0) return `deadline ${awaiting.deadline} passed: the run fails as soon as a worker holds it`;
  const minutes = Math.floor(seconds / 60);
  const clock = minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
  return `${clock} left to decide (until ${awaiting.deadline}), then the run fails`;
}

/** What `run` prints when the wait begins and `status` shows while it lasts: error, step, commands. */
export function decisionNotice(workflowId: string, awaiting: AwaitingDecision, now: Date = new Date()): string[] {
  return [
    `WAITING FOR AN OPERATOR: iteration ${awaiting.iteration} failed in step "${awaiting.step}"`,
    `  error: ${awaiting.error}`,
    `  ${timeLeft(awaiting, now)}`,
    `  autopilot-benchmark retry ${workflowId}   # redo the iteration from the last checkpoint`,
    `  autopilot-benchmark skip ${workflowId}    # leave it out and go on`,
    `  autopilot-benchmark abort ${workflowId}   # end the run now`,
  ];
}
