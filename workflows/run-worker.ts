import * as wf from '@temporalio/workflow';
import type { createPinnedActivities, createSharedActivities } from '../activities';
import type { BenchmarkRunInput, InterruptedAttempt, RunProgress, StepHeartbeat } from './shared';
import { lostWorkerReason } from './failures';
import { setBenchStatus, setPhase } from './run-progress';

export type Pinned = ReturnType<typeof createPinnedActivities>;

/** A unit of work on the worker holding the run; `interrupted` says what a lost worker left behind. */
export type WorkUnit<T> = (acts: Pinned, interrupted: InterruptedAttempt | null) => Promise<T>;

export const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 10;
export const DEFAULT_SCHEDULE_TO_START_TIMEOUT_SECONDS = 10;

/**
 * A full worker refuses the claim (`NoCapacity`) and Temporal retries it, on whichever worker
 * polls next, without end and without adding to the history; the short interval lets a queued
 * run take a slot soon after one frees.
 */
const { claimWorker } = wf.proxyActivities<ReturnType<typeof createSharedActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds' },
});

/** A claim that has not been granted after this long is waiting for a slot (a granted one takes milliseconds). */
export const QUEUED_AFTER_MS = 3000;
export const QUEUED_NOTE = 'waiting for a worker slot';
const QUEUED_NOTICE_PATCH = 'queued-claim-notice';

/**
 * The worker that holds a run's local state (work dir, gateways, stores). Units of work run on
 * its private queue; when it is lost, the run moves to another worker, which restores the last
 * checkpoint, and the interrupted unit is redone there as a whole.
 */
export class RunWorker {
  private pinned: Pinned | undefined;

  constructor(
    private readonly input: BenchmarkRunInput,
    private readonly progress: RunProgress,
  ) {}

  /** The current worker's activities; only valid after `claim()`. */
  get activities(): Pinned {
    if (!this.pinned) throw new Error('no worker claimed yet');
    return this.pinned;
  }

  /** Claims a worker; with a checkpoint, restores it there (gateways restarted on the restored stores). */
  async claim(): Promise<void> {
    for (;;) {
      const queue = await this.claimSlot();
      this.progress.workerQueue = queue;
      this.pinned = pinnedTo(queue, this.input);
      try {
        await this.pinned.restoreRun(this.input, this.progress.checkpoint);
        return;
      } catch (err) {
        if (!lostWorkerReason(err)) throw err;
      }
    }
  }

  /** Runs `unit` on the current worker; a lost worker moves the run and the unit is redone. */
  async run<T>(unit: WorkUnit<T>): Promise<T> {
    let interrupted: InterruptedAttempt | null = null;
    for (;;) {
      try {
        return await unit(this.activities, interrupted);
      } catch (err) {
        const reason = lostWorkerReason(err);
        if (!reason) throw err;
        interrupted = { sessionId: heartbeatDetailsOf(err)?.sessionId ?? null, reason, workerQueue: this.progress.workerQueue ?? '' };
        await this.moveAfterLoss(reason);
      }
    }
  }

  /**
   * Reserves a slot on some worker. While every worker is full the run shows as queued (the
   * `progress` query's phase and note, and BenchStatus), and goes back to its phase once granted.
   */
  private async claimSlot(): Promise<string> {
    const claim = claimWorker(this.input.runId);
    // Runs started before the queued notice existed have no timer here in their history.
    if (!wf.patched(QUEUED_NOTICE_PATCH)) return claim;
    const phase = this.progress.phase;
    let queued = false;
    const notice = new wf.CancellationScope();
    notice
      .run(() => wf.sleep(QUEUED_AFTER_MS))
      .then(() => {
        queued = true;
        this.progress.note = QUEUED_NOTE;
        setPhase(this.progress, 'queued'); // the query, and the Web UI's current details
        setBenchStatus('queued');
      })
      .catch(() => undefined); // cancelled: the claim was granted first
    try {
      return await claim;
    } finally {
      notice.cancel();
      if (queued) {
        this.progress.note = null;
        setPhase(this.progress, phase);
        // the first claim of a run: benchmarkRun marks it running itself once the worker is ready
        if (phase !== 'starting') setBenchStatus('running');
      }
    }
  }

  private async moveAfterLoss(reason: string): Promise<void> {
    this.progress.recoveries++;
    this.progress.lastError = reason;
    const phase = this.progress.phase;
    setPhase(this.progress, 'recovering');
    wf.log.warn('lost the worker holding the run; moving it to another worker', { reason, worker: this.progress.workerQueue });
    if (this.progress.workerQueue) await stopOnPreviousWorker(this.progress.workerQueue, this.input.runId);
    await this.claim();
    setPhase(this.progress, phase);
  }
}

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

/** The details the lost step last heartbeated (e.g. the autopilot session it had opened). */
function heartbeatDetailsOf(err: unknown): StepHeartbeat | null {
  let current: unknown = err;
  while (current instanceof wf.ActivityFailure) current = current.cause;
  if (current instanceof wf.TimeoutFailure) return (current.lastHeartbeatDetails as StepHeartbeat | undefined) ?? null;
  return null;
}
