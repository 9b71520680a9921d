import * as wf from '@temporalio/workflow';
import type { createPinnedActivities, createSharedActivities } from '../activities';
import {
  BenchStatus,
  decideUpdate,
  progressQuery,
  type BenchmarkRunInput,
  type BenchmarkRunResult,
  type CheckpointRef,
  type InterruptedAttempt,
  type IterationSummary,
  type OperatorDecision,
  type RunProgress,
  type StepHeartbeat,
} from './shared';
import { pooledMean } from './metric-summary';
import { describeFailure, lostWorkerReason } from './failures';

const { claimWorker } = wf.proxyActivities<ReturnType<typeof createSharedActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

type Pinned = ReturnType<typeof createPinnedActivities>;

export const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 10;
export const DEFAULT_SCHEDULE_TO_START_TIMEOUT_SECONDS = 10;
export const DEFAULT_DECISION_TIMEOUT_SECONDS = 3600;

/**
 * Activities that touch a run's local state go to the private queue of the worker that holds
 * the run. A dead worker shows up as a heartbeat timeout (the step stops heartbeating) and then
 * as a schedule-to-start timeout (nobody polls its queue any more) — reference/temporal.md §1.2.
 */
function pinnedTo(taskQueue: string, input: BenchmarkRunInput): Pinned {
  const base = {
    taskQueue,
    scheduleToStartTimeout: `${input.scheduleToStartTimeoutSeconds ?? DEFAULT_SCHEDULE_TO_START_TIMEOUT_SECONDS} seconds`,
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS} seconds`,
    startToCloseTimeout: '24 hours',
  } as const;
  // Steps that reset what they touch may simply run again.
  const retried = wf.proxyActivities<Pinned>({
    ...base,
    retry: { maximumAttempts: 2, nonRetryableErrorTypes: ['ConfigEditError', 'RunStateLost', 'BadInput', 'SnapshotError', 'CheckpointError'] },
  });
  // An iteration's steps change the config and the stores: a redo must start from the last
  // checkpoint, which only the workflow arranges (worker loss, or an operator's retry). No Temporal retry.
  const once = wf.proxyActivities<Pinned>({ ...base, retry: { maximumAttempts: 1 } });
  return {
    prepareRun: retried.prepareRun,
    restoreRun: retried.restoreRun,
    runBaseline: retried.runBaseline,
    restoreFromSnapshot: retried.restoreFromSnapshot,
    writeCheckpoint: retried.writeCheckpoint,
    exportSnapshot: retried.exportSnapshot,
    finishRun: retried.finishRun,
    stopRun: retried.stopRun,
    runAutopilotIteration: once.runAutopilotIteration,
    runEvaluation: once.runEvaluation,
  };
}

/**
 * Asks a worker we are moving away from to stop the run's gateways, in case it is alive but
 * unreachable for a while; a dead worker's queue is simply not polled, so this gives up fast.
 */
async function stopOnPreviousWorker(taskQueue: string, runId: string): Promise<void> {
  const { stopRun } = wf.proxyActivities<Pinned>({ taskQueue, scheduleToStartTimeout: '3 seconds', startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });
  await stopRun(runId).catch(() => undefined);
}

/**
 * One benchmark run of one environment: baseline (or a restored snapshot) → N autopilot
 * iterations → summary. After the baseline and after every iteration a checkpoint is written;
 * when the worker holding the run is lost, the workflow claims another worker, restores the
 * last checkpoint there and redoes the interrupted unit of work. An iteration that still fails
 * after its retries waits for an operator's retry / skip / abort.
 */
export async function benchmarkRun(input: BenchmarkRunInput): Promise<BenchmarkRunResult> {
  const metric = input.env.metric_name;
  const snapshotMode = input.mode === 'snapshot';
  const total = snapshotMode ? 0 : input.env.num_iterations;
  const progress: RunProgress = {
    phase: 'starting',
    iteration: 0,
    totalIterations: total,
    workerQueue: null,
    latestMetrics: null,
    lastError: null,
    checkpoint: null,
    recoveries: 0,
    skippedIterations: [],
    awaitingDecision: null,
  };
  let decision: OperatorDecision | null = null;
  wf.setHandler(progressQuery, () => progress);
  wf.setHandler(
    decideUpdate,
    (d) => {
      const iteration = progress.awaitingDecision?.iteration;
      decision = d;
      progress.awaitingDecision = null; // a second decision in the same batch is rejected by the validator
      return `${d} accepted for iteration ${iteration}`;
    },
    {
      validator: (d) => {
        if (!['retry', 'skip', 'abort'].includes(d)) throw new Error(`unknown decision "${d}" (expected retry, skip or abort)`);
        if (!progress.awaitingDecision || decision !== null) throw new Error(`no failed iteration is waiting for a decision (phase: ${progress.phase})`);
      },
    },
  );

  const iterations: IterationSummary[] = [];
  const record = (summary: IterationSummary) => {
    iterations.push(summary);
    progress.latestMetrics = {
      iteration: summary.iteration,
      train: pooledMean(summary.trainMetrics, metric),
      test: pooledMean(summary.testMetrics, metric),
    };
  };

  let pinned: Pinned = undefined as unknown as Pinned;
  /** Claims a worker; with a checkpoint, restores it there (gateways restarted on the restored stores). */
  const moveToNewWorker = async (): Promise<void> => {
    for (;;) {
      const queue = await claimWorker();
      progress.workerQueue = queue;
      pinned = pinnedTo(queue, input);
      try {
        await pinned.restoreRun(input, progress.checkpoint);
        return;
      } catch (err) {
        if (!lostWorkerReason(err)) throw err;
      }
    }
  };

  /**
   * Runs a unit of work on the current worker; when the worker is lost, moves the run to
   * another worker (restoring the last checkpoint) and redoes the whole unit there.
   */
  const onWorker = async <T>(unit: (acts: Pinned, interrupted: InterruptedAttempt | null) => Promise<T>): Promise<T> => {
    let interrupted: InterruptedAttempt | null = null;
    for (;;) {
      try {
        return await unit(pinned, interrupted);
      } catch (err) {
        const reason = lostWorkerReason(err);
        if (!reason) throw err;
        const details = heartbeatDetailsOf(err);
        interrupted = { sessionId: details?.sessionId ?? null, reason, workerQueue: progress.workerQueue ?? '' };
        progress.recoveries++;
        progress.lastError = reason;
        const phase = progress.phase;
        progress.phase = 'recovering';
        wf.log.warn('lost the worker holding the run; moving it to another worker', { reason, worker: progress.workerQueue });
        if (progress.workerQueue) await stopOnPreviousWorker(progress.workerQueue, input.runId);
        await moveToNewWorker();
        progress.phase = phase;
      }
    }
  };

  const checkpointAfter = async (acts: Pinned, summary: IterationSummary) => {
    const phase = progress.phase;
    progress.phase = 'checkpoint';
    const ref: CheckpointRef = await acts.writeCheckpoint(input, summary);
    progress.phase = phase;
    return ref;
  };

  /** Waits for retry / skip / abort on a failed iteration; no decision in time fails the run. */
  const awaitDecision = async (iteration: number, err: unknown): Promise<OperatorDecision> => {
    const timeoutSeconds = input.decisionTimeoutSeconds ?? DEFAULT_DECISION_TIMEOUT_SECONDS;
    const message = describeFailure(err);
    progress.phase = 'awaiting-decision';
    progress.lastError = message;
    progress.awaitingDecision = { iteration, error: message, deadline: new Date(Date.now() + timeoutSeconds * 1000).toISOString() };
    wf.upsertSearchAttributes([{ key: BenchStatus, value: 'awaiting-decision' }]);
    decision = null;
    const decided = await wf.condition(() => decision !== null, `${timeoutSeconds} seconds`);
    progress.awaitingDecision = null;
    wf.upsertSearchAttributes([{ key: BenchStatus, value: 'running' }]);
    if (!decided) throw err;
    return decision as unknown as OperatorDecision;
  };

  await moveToNewWorker();
  wf.upsertSearchAttributes([{ key: BenchStatus, value: 'running' }]);

  try {
    await onWorker((acts) => acts.prepareRun(input));

    progress.phase = snapshotMode ? 'snapshot' : 'baseline';
    // The checkpoint is part of the unit: if the worker dies before it is written, the unit is redone.
    const baseline = await onWorker(async (acts) => {
      const summary = input.snapshot ? await acts.restoreFromSnapshot(input) : await acts.runBaseline(input);
      return { summary, checkpoint: await checkpointAfter(acts, summary) };
    });
    progress.checkpoint = baseline.checkpoint;
    record(baseline.summary);

    let snapshotDir: string | undefined;
    if (snapshotMode) {
      snapshotDir = await onWorker((acts) => acts.exportSnapshot(input, progress.checkpoint!));
    }

    for (let iteration = 1; iteration <= total; iteration++) {
      progress.iteration = iteration;
      for (;;) {
        try {
          const done = await onWorker(async (acts, interrupted) => {
            progress.phase = 'autopilot';
            const session = await acts.runAutopilotIteration(input, iteration, interrupted);
            progress.phase = 'evaluation';
            const summary = await acts.runEvaluation(input, iteration, session);
            return { summary, checkpoint: await checkpointAfter(acts, summary) };
          });
          progress.checkpoint = done.checkpoint;
          record(done.summary);
          break;
        } catch (err) {
          if (wf.isCancellation(err)) throw err;
          const choice = await awaitDecision(iteration, err);
          if (choice === 'abort') {
            progress.phase = 'aborted';
            throw wf.ApplicationFailure.nonRetryable(`aborted by an operator after iteration ${iteration} failed: ${describeFailure(err)}`, 'OperatorAbort');
          }
          // Both retry and skip go back to the last checkpoint, undoing what the failed attempt changed.
          await onWorker((acts) => acts.restoreRun(input, progress.checkpoint));
          if (choice === 'skip') {
            progress.skippedIterations.push(iteration);
            break;
          }
        }
      }
    }

    progress.phase = 'finishing';
    const summary = await onWorker((acts) => acts.finishRun(input, 'completed'));
    progress.phase = 'completed';
    wf.upsertSearchAttributes([{ key: BenchStatus, value: 'completed' }]);
    return {
      runId: input.runId,
      workDir: input.workDir,
      summary,
      snapshotDir,
      recoveries: progress.recoveries,
      skippedIterations: progress.skippedIterations,
      iterations: iterations.map((it) => ({
        iteration: it.iteration,
        phase: it.phase,
        trainMean: pooledMean(it.trainMetrics, metric),
        testMean: pooledMean(it.testMetrics, metric),
      })),
    };
  } catch (err) {
    const cancelled = wf.isCancellation(err);
    if (cancelled) progress.phase = 'cancelled';
    else if (progress.phase !== 'aborted') progress.phase = 'failed';
    progress.lastError = describeFailure(err);
    wf.upsertSearchAttributes([{ key: BenchStatus, value: progress.phase }]);
    await wf.CancellationScope.nonCancellable(() =>
      pinned.finishRun(input, cancelled ? 'cancelled' : 'failed').catch((e) => wf.log.warn('could not record how the run ended', { error: String(e) })),
    );
    throw err;
  } finally {
    await wf.CancellationScope.nonCancellable(() =>
      pinned.stopRun(input.runId).catch((e) => wf.log.warn('could not stop the run resources', { error: String(e) })),
    );
  }
}

function heartbeatDetailsOf(err: unknown): StepHeartbeat | null {
  let current: unknown = err;
  while (current instanceof wf.ActivityFailure) current = current.cause;
  if (current instanceof wf.TimeoutFailure) return (current.lastHeartbeatDetails as StepHeartbeat | undefined) ?? null;
  return null;
}
