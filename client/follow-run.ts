import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { getLogger } from '../common/logger';
import { progressQuery, type BenchmarkRunResult, type RunProgress } from '../workflows/shared';
import type { benchmarkRun } from '../workflows';

const log = getLogger('progress');

interface StepProgress {
  step?: string;
  done?: number;
  total?: number;
}

/** The progress the running step reported in its latest heartbeat, if any. */
export async function currentStepProgress(handle: WorkflowHandle<typeof benchmarkRun>): Promise<StepProgress | null> {
  const description = await handle.describe();
  const pending = description.raw.pendingActivities ?? [];
  for (const activity of pending) {
    const payload = activity.heartbeatDetails?.payloads?.[0];
    if (payload) return defaultPayloadConverter.fromPayload(payload) as StepProgress;
  }
  return null;
}

function describeProgress(p: RunProgress, step: StepProgress | null): string {
  const where = p.phase === 'baseline' ? 'baseline' : p.iteration > 0 ? `iteration ${p.iteration}/${p.totalIterations} ${p.phase}` : p.phase;
  const episodes = step?.total ? ` — ${step.step ?? 'rollout'} ${step.done ?? 0}/${step.total} episodes` : step?.step ? ` — ${step.step}` : '';
  return `${where}${episodes}`;
}

/** Waits for the run, logging a line whenever its phase or step progress changes. */
export async function followRun(handle: WorkflowHandle<typeof benchmarkRun>, pollMs = 2000): Promise<BenchmarkRunResult> {
  const result = handle.result();
  let finished = false;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  let last = '';
  while (!finished) {
    try {
      const progress = await handle.query(progressQuery);
      const line = describeProgress(progress, await currentStepProgress(handle));
      if (line !== last) {
        log.info({ workflowId: handle.workflowId }, line);
        last = line;
      }
    } catch {
      // the workflow may be between tasks or already closed; the result tells
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
  }
  return result;
}
