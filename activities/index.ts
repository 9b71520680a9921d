import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { BenchmarkRunInput, CheckpointRef, InterruptedAttempt, IterationSummary, SessionSummary } from '../workflows/shared';
import { RunRegistry } from './run-registry';
import { WorkerSlots } from './worker-slots';
import { withHeartbeat } from './heartbeat';
import { prepareRun } from './steps/prepare-run';
import { runBaseline } from './steps/baseline';
import { runAutopilotIteration } from './steps/autopilot-iteration';
import { runEvaluation } from './steps/evaluation';
import { finishRun } from './steps/finish-run';
import { restoreRun } from './steps/restore-run';
import { checkpointRun } from './steps/checkpoint';
import { exportRunSnapshot, restoreFromSnapshot } from './steps/snapshot';

export { RunRegistry, WorkerSlots };
export { createSlotReclaimer } from './reclaim-slots';
/** Record shapes the workflow's step results carry (workflows may import them as types from here only). */
export type { EditOutcome, RecordedFault } from '../results/iteration-record';
export type { BudgetUsage } from '../autopilot/budget/budget-meter';

/** Activities on the shared queue: any worker may take them. */
export function createSharedActivities(ownQueue: string, slots: WorkerSlots, reclaimClosedRuns: () => Promise<number> = async () => 0) {
  return {
    /**
     * Claims this worker for a run: reserves one of its slots and returns its private queue, or
     * refuses (`NoCapacity`) when all are taken — after freeing the slots of runs that closed
     * without stopping here (a terminated workflow).
     */
    async claimWorker(runId: string): Promise<string> {
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? null;
      if (slots.held >= slots.capacity) await reclaimClosedRuns();
      slots.reserve(runId, ownQueue, workflowId);
      return ownQueue;
    },
  };
}

/** Activities on this worker's private queue: they use the runs it holds, each in a slot it reserved when claimed. */
export function createPinnedActivities(runs: RunRegistry, slots: WorkerSlots) {
  const resourcesOf = (runId: string) => {
    const resources = runs.get(runId);
    if (!resources) throw ApplicationFailure.nonRetryable(`run ${runId} is not held by this worker`, 'RunStateLost');
    return resources;
  };
  return {
    async prepareRun(input: BenchmarkRunInput): Promise<void> {
      await withHeartbeat(() => prepareRun(input));
    },
    async runBaseline(input: BenchmarkRunInput): Promise<IterationSummary> {
      return runBaseline(input, runs);
    },
    async runAutopilotIteration(input: BenchmarkRunInput, iteration: number, interrupted: InterruptedAttempt | null): Promise<SessionSummary> {
      return runAutopilotIteration(input, iteration, resourcesOf(input.runId), interrupted);
    },
    async runEvaluation(input: BenchmarkRunInput, iteration: number, session: SessionSummary): Promise<IterationSummary> {
      return runEvaluation(input, iteration, session, resourcesOf(input.runId));
    },
    /** The first step on a worker after every claim; it puts the run's reservation in use. */
    async restoreRun(input: BenchmarkRunInput, checkpoint: CheckpointRef | null): Promise<void> {
      if (!slots.use(input.runId)) throw ApplicationFailure.nonRetryable(`run ${input.runId} has no slot on this worker (its unused reservation expired)`, 'RunStateLost');
      await restoreRun(input, checkpoint, runs);
    },
    async writeCheckpoint(input: BenchmarkRunInput, summary: IterationSummary): Promise<CheckpointRef> {
      resourcesOf(input.runId);
      return checkpointRun(input, summary);
    },
    async restoreFromSnapshot(input: BenchmarkRunInput): Promise<IterationSummary> {
      return restoreFromSnapshot(input, runs);
    },
    async exportSnapshot(input: BenchmarkRunInput, checkpoint: CheckpointRef): Promise<string> {
      return withHeartbeat(() => exportRunSnapshot(input, checkpoint));
    },
    async finishRun(input: BenchmarkRunInput, status: 'completed' | 'failed' | 'cancelled'): Promise<string> {
      return withHeartbeat(() => finishRun(input, status));
    },
    /** The run leaves this worker (it ended, or moved to another worker): stop its processes and free its slot. */
    async stopRun(runId: string): Promise<void> {
      const resources = runs.get(runId);
      runs.delete(runId);
      try {
        await withHeartbeat(async () => resources?.close());
      } finally {
        slots.release(runId);
      }
    },
  };
}
