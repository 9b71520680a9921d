import type { WorkflowHandle, WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { progressQuery, type AwaitingDecision, type BenchmarkRunResult, type RunProgress } from '../workflows/shared';
import type { benchmarkRun } from '../workflows';
import { awaitingDecisionOf, decisionNotice, timeLeft } from './decision-notice';
import type { ProgressDisplay } from './progress-display';
import type { StepProgress } from './progress-lines';

/** A query needs a worker; without one it would hang, so it gets this long. */
export const QUERY_DEADLINE_MS = 3000;

/** Non-TTY: one countdown line this often while a run waits for an operator. */
const COUNTDOWN_EVERY_MS = 30_000;

/** The progress the running step reported in its latest heartbeat, if any. */
export function currentStepProgress(description: WorkflowExecutionDescription): StepProgress | null {
  const pending = description.raw.pendingActivities ?? [];
  for (const activity of pending) {
    const payload = activity.heartbeatDetails?.payloads?.[0];
    if (payload) return defaultPayloadConverter.fromPayload(payload) as StepProgress;
  }
  return null;
}

/** The `progress` query, bounded: rejects after QUERY_DEADLINE_MS when no worker answers. */
export function queryProgress(handle: WorkflowHandle<typeof benchmarkRun>): Promise<RunProgress> {
  return handle.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(progressQuery));
}

/** Where the operator notice goes: stderr, rewriting the countdown in place on a terminal. */
export interface NoticeOutput {
  write(text: string): void;
  isTTY: boolean;
}

/**
 * Prints the operator notice the moment a wait begins (read from the memo, so it needs no
 * worker), then a countdown: rewritten in place on a terminal, a line every 30 s otherwise.
 */
class DecisionWatch {
  private current: AwaitingDecision | null = null;
  private lastCountdown = 0;

  constructor(
    private readonly workflowId: string,
    private readonly output: NoticeOutput,
  ) {}

  update(awaiting: AwaitingDecision | null): void {
    const now = Date.now();
    if (!awaiting) {
      if (this.current) this.output.write(`${this.output.isTTY ? '\n' : ''}decision taken for iteration ${this.current.iteration}; the run goes on\n`);
      this.current = null;
      return;
    }
    if (this.current?.deadline !== awaiting.deadline) {
      this.current = awaiting;
      this.lastCountdown = now;
      const lines = decisionNotice(this.workflowId, awaiting);
      this.output.write(lines.join('\n') + '\n');
      return;
    }
    if (this.output.isTTY) this.output.write(`\r  ${timeLeft(awaiting)}\x1b[K`);
    else if (now - this.lastCountdown >= COUNTDOWN_EVERY_MS) {
      this.lastCountdown = now;
      this.output.write(`  ${timeLeft(awaiting)}\n`);
    }
  }
}

/**
 * Waits for the run, showing each poll on the progress display (phase, iteration, episodes of
 * the running step, latest metric), each autopilot session's actions once, and the operator
 * notice the moment a wait begins.
 */
export async function followRun(handle: WorkflowHandle<typeof benchmarkRun>, display: ProgressDisplay, pollMs = 1000): Promise<BenchmarkRunResult> {
  const result = handle.result();
  let finished = false;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  const watch = new DecisionWatch(handle.workflowId, display.notices);
  const actions = new ActionNotes(display, handle.workflowId);
  while (!finished) {
    try {
      const description = await handle.describe();
      watch.update(awaitingDecisionOf(description.memo));
      const progress = await queryProgress(handle).catch(() => null);
      actions.show(progress);
      display.update(handle.workflowId, { progress, step: currentStepProgress(description), at: Date.now() });
    } catch {
      // the workflow may be between tasks or closed; the result tells
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
  }
  // how the run ended, and the last session's actions, may have come after the last poll
  const last = await queryProgress(handle).catch(() => null);
  if (last) display.update(handle.workflowId, { progress: last, step: null, at: Date.now() });
  actions.show(last);
  return result;
}

/** Prints each autopilot session's action lines once. */
class ActionNotes {
  private shown = 0;

  constructor(
    private readonly display: ProgressDisplay,
    private readonly workflowId: string,
  ) {}

  show(progress: RunProgress | null): void {
    const actions = progress?.autopilotActions;
    if (!actions || actions.iteration <= this.shown) return;
    this.shown = actions.iteration;
    for (const line of actions.lines) this.display.note(`iteration ${actions.iteration} ${line}`, this.workflowId);
  }
}
