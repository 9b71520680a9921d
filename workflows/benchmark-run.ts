import * as wf from '@temporalio/workflow';
import { progressQuery, type BenchmarkRunInput, type BenchmarkRunResult, type IterationSummary, type RunProgress } from './shared';
import { describeFailure } from './failures';
import { OperatorDecisions } from './operator-decisions';
import { IterationLog, newRunProgress, setBenchStatus, setPhase, type CheckpointedSummary } from './run-progress';
import { describeRunToServer, setCurrentIteration, setFinalDelta } from './run-listing';
import { RunWorker, type Pinned } from './run-worker';

export { DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_SCHEDULE_TO_START_TIMEOUT_SECONDS } from './run-worker';
export { DEFAULT_DECISION_TIMEOUT_SECONDS } from './operator-decisions';

/** What every step of one run works with. */
interface Run {
  input: BenchmarkRunInput;
  progress: RunProgress;
  worker: RunWorker;
  decisions: OperatorDecisions;
  log: IterationLog;
}

/**
 * One benchmark run of one environment: baseline (or a restored snapshot) → N autopilot
 * iterations → summary. After the baseline and after every iteration a checkpoint is written;
 * when the worker holding the run is lost, the workflow claims another worker, restores the
 * last checkpoint there and redoes the interrupted unit of work. An iteration that still fails
 * after its retries waits for an operator's retry / skip / abort.
 */
export async function benchmarkRun(input: BenchmarkRunInput): Promise<BenchmarkRunResult> {
  const snapshotMode = input.mode === 'snapshot';
  const progress = newRunProgress(snapshotMode ? 0 : input.env.num_iterations);
  wf.setHandler(progressQuery, () => progress);
  describeRunToServer(input);
  const run: Run = {
    input,
    progress,
    worker: new RunWorker(input, progress),
    decisions: new OperatorDecisions(input, progress),
    log: new IterationLog(input.env.metric_name, progress),
  };

  await run.worker.claim();
  setBenchStatus('running');
  try {
    await run.worker.run((acts) => acts.prepareRun(input));
    await establishBaseline(run, snapshotMode);
    const snapshotDir = snapshotMode ? await exportSnapshot(run) : undefined;
    for (let iteration = 1; iteration <= progress.totalIterations; iteration++) {
      await runIteration(run, iteration);
    }
    return await completeRun(run, snapshotDir);
  } catch (err) {
    await recordHowItEnded(run, err);
    throw err;
  } finally {
    await stopRunResources(run);
  }
}

/** Runs the baseline, or restores it from a snapshot, and checkpoints it. */
async function establishBaseline(run: Run, snapshotMode: boolean): Promise<void> {
  setPhase(run.progress, snapshotMode ? 'snapshot' : 'baseline');
  // The checkpoint is part of the unit: if the worker dies before it is written, the unit is redone.
  const baseline = await run.worker.run(async (acts) => {
    const summary = run.input.snapshot ? await acts.restoreFromSnapshot(run.input) : await acts.runBaseline(run.input);
    return checkpointed(run, acts, summary);
  });
  run.log.keep(baseline);
}

/** Snapshot mode: exports the checkpointed baseline as a snapshot directory. */
async function exportSnapshot(run: Run): Promise<string> {
  return run.worker.run((acts) => acts.exportSnapshot(run.input, run.progress.checkpoint!));
}

/** One iteration, attempted until it is kept, or an operator skips it or aborts the run. */
async function runIteration(run: Run, iteration: number): Promise<void> {
  run.progress.iteration = iteration;
  setCurrentIteration(iteration);
  for (;;) {
    try {
      run.log.keep(await attemptIteration(run, iteration));
      return;
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      const choice = await run.decisions.awaitFor(iteration, err);
      if (choice === 'abort') throw abortedByOperator(run, iteration, err);
      // Both retry and skip go back to the last checkpoint, undoing what the failed attempt changed.
      await run.worker.run((acts) => acts.restoreRun(run.input, run.progress.checkpoint));
      if (choice === 'skip') {
        run.progress.skippedIterations.push(iteration);
        return;
      }
    }
  }
}

/** Autopilot session, then evaluation, then checkpoint: redone as a whole on a new worker. */
async function attemptIteration(run: Run, iteration: number): Promise<CheckpointedSummary> {
  return run.worker.run(async (acts, interrupted) => {
    setPhase(run.progress, 'autopilot');
    const session = await acts.runAutopilotIteration(run.input, iteration, interrupted);
    run.progress.autopilotActions = { iteration, lines: session.actions ?? [] };
    setPhase(run.progress, 'evaluation');
    const summary = await acts.runEvaluation(run.input, iteration, session);
    return checkpointed(run, acts, summary);
  });
}

async function checkpointed(run: Run, acts: Pinned, summary: IterationSummary): Promise<CheckpointedSummary> {
  const phase = run.progress.phase;
  setPhase(run.progress, 'checkpoint');
  const checkpoint = await acts.writeCheckpoint(run.input, summary);
  setPhase(run.progress, phase);
  return { summary, checkpoint };
}

function abortedByOperator(run: Run, iteration: number, err: unknown): wf.ApplicationFailure {
  setPhase(run.progress, 'aborted');
  return wf.ApplicationFailure.nonRetryable(`aborted by an operator after iteration ${iteration} failed: ${describeFailure(err)}`, 'OperatorAbort');
}

/** Writes the run's summary and returns the result the client prints. */
async function completeRun(run: Run, snapshotDir: string | undefined): Promise<BenchmarkRunResult> {
  setPhase(run.progress, 'finishing');
  const summary = await run.worker.run((acts) => acts.finishRun(run.input, 'completed'));
  setPhase(run.progress, 'completed');
  setBenchStatus('completed');
  setFinalDelta(run.log.lastPairedDelta());
  return {
    runId: run.input.runId,
    workDir: run.input.workDir,
    summary,
    snapshotDir,
    recoveries: run.progress.recoveries,
    skippedIterations: run.progress.skippedIterations,
    iterations: run.log.means(),
  };
}

/** A failed, aborted or cancelled run still records how it ended, even while being cancelled. */
async function recordHowItEnded(run: Run, err: unknown): Promise<void> {
  const cancelled = wf.isCancellation(err);
  if (cancelled) setPhase(run.progress, 'cancelled');
  else if (run.progress.phase !== 'aborted') setPhase(run.progress, 'failed');
  run.progress.lastError = describeFailure(err);
  setBenchStatus(run.progress.phase);
  await wf.CancellationScope.nonCancellable(() =>
    run.worker.activities.finishRun(run.input, cancelled ? 'cancelled' : 'failed').catch((e) => wf.log.warn('could not record how the run ended', { error: String(e) })),
  );
}

/** Stops the run's gateways on the worker holding it, however the run ended. */
async function stopRunResources(run: Run): Promise<void> {
  await wf.CancellationScope.nonCancellable(() =>
    run.worker.activities.stopRun(run.input.runId).catch((e) => wf.log.warn('could not stop the run resources', { error: String(e) })),
  );
}
