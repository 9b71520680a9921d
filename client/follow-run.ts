import type { WorkflowHandle, WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { getLogger } from '../common/logger';
import { phaseLabel, progressQuery, type AwaitingDecision, type BenchmarkRunResult, type RunProgress } from '../workflows/shared';
import type { benchmarkRun } from '../workflows';
import { awaitingDecisionOf, decisionNotice, timeLeft } from './decision-notice';

const log = getLogger('progress');

/** A query needs a worker; without one it would hang, so it gets this long. */
export const QUERY_DEADLINE_MS = 3000;

/** Non-TTY: one countdown line this often while a run waits for an operator. */
const COUNTDOWN_EVERY_MS = 30_000;

interface StepProgress {
  step?: string;
  done?: number;
  total?: number;
}

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

function describeProgress(p: RunProgress, step: StepProgress | null): string {
  const where = p.phase === 'baseline' ? 'baseline' : p.iteration > 0 ? `iteration ${p.iteration}/${p.totalIterations} ${phaseLabel(p)}` : phaseLabel(p);
  const episodes = step?.total ? ` — ${step.step ?? 'rollout'} ${step.done ?? 0}/${step.total} episodes` : step?.step ? ` — ${step.step}` : '';
  return `${where}${episodes}`;
}

/** Where the operator notice goes: stderr, rewriting the countdown in place on a terminal. */
export interface NoticeOutput {
  write(text: string): void;
  isTTY: boolean;
}

const stderrNotices: NoticeOutput = { write: (t) => process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) };

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

/** Waits for the run, logging a line whenever its phase or step progress changes. */
export async function followRun(handle: WorkflowHandle<typeof benchmarkRun>, pollMs = 2000, notices: NoticeOutput = stderrNotices): Promise<BenchmarkRunResult> {
  const result = handle.result();
  let finished = false;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  const watch = new DecisionWatch(handle.workflowId, notices);
  let last = '';
  while (!finished) {
    try {
      const description = await handle.describe();
      watch.update(awaitingDecisionOf(description.memo));
      const line = describeProgress(await queryProgress(handle), currentStepProgress(description));
      if (line !== last) {
        log.info({ workflowId: handle.workflowId }, line);
        last = line;
      }
    } catch {
      // the workflow may be between tasks, closed, or without a worker to answer the query; the result tells
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
  }
  return result;
}
