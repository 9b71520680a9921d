import * as wf from '@temporalio/workflow';
import type { createPinnedActivities, createSharedActivities } from '../activities';
import {
  BenchStatus,
  progressQuery,
  type BenchmarkRunInput,
  type BenchmarkRunResult,
  type IterationSummary,
  type RunProgress,
} from './shared';
import { pooledMean } from './metric-summary';

const { claimWorker } = wf.proxyActivities<ReturnType<typeof createSharedActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

type Pinned = ReturnType<typeof createPinnedActivities>;

/**
 * Activities that touch a run's local state (gateways, work dir) go to the private queue of
 * the worker that claimed the run. Steps heartbeat while they work, so a dead worker shows
 * up as a heartbeat timeout; an unpolled private queue shows up as a schedule-to-start timeout.
 */
function pinnedTo(taskQueue: string): Pinned {
  return wf.proxyActivities<Pinned>({
    taskQueue,
    scheduleToStartTimeout: '5 minutes',
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: '2 minutes',
    retry: {
      maximumAttempts: 2,
      nonRetryableErrorTypes: ['ConfigEditError', 'RunStateLost', 'BadInput'],
    },
  });
}

/** The innermost message of a failure: an activity failure's own text is only "Activity task failed". */
function failureMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof wf.ActivityFailure && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** One benchmark run of one environment: baseline → N autopilot iterations → summary. */
export async function benchmarkRun(input: BenchmarkRunInput): Promise<BenchmarkRunResult> {
  const metric = input.env.metric_name;
  const total = input.env.num_iterations;
  const progress: RunProgress = {
    phase: 'starting',
    iteration: 0,
    totalIterations: total,
    workerQueue: null,
    latestMetrics: null,
    lastError: null,
  };
  wf.setHandler(progressQuery, () => progress);

  const iterations: IterationSummary[] = [];
  const record = (summary: IterationSummary) => {
    iterations.push(summary);
    progress.latestMetrics = {
      iteration: summary.iteration,
      train: pooledMean(summary.trainMetrics, metric),
      test: pooledMean(summary.testMetrics, metric),
    };
  };

  const queue = await claimWorker();
  progress.workerQueue = queue;
  const pinned = pinnedTo(queue);
  wf.upsertSearchAttributes([{ key: BenchStatus, value: 'running' }]);

  try {
    await pinned.prepareRun(input);

    progress.phase = 'baseline';
    record(await pinned.runBaseline(input));

    for (let iteration = 1; iteration <= total; iteration++) {
      progress.iteration = iteration;
      progress.phase = 'autopilot';
      const session = await pinned.runAutopilotIteration(input, iteration);
      progress.phase = 'evaluation';
      record(await pinned.runEvaluation(input, iteration, session));
    }

    progress.phase = 'finishing';
    const summary = await pinned.finishRun(input, 'completed');
    progress.phase = 'completed';
    wf.upsertSearchAttributes([{ key: BenchStatus, value: 'completed' }]);
    return {
      runId: input.runId,
      workDir: input.workDir,
      summary,
      iterations: iterations.map((it) => ({
        iteration: it.iteration,
        phase: it.phase,
        trainMean: pooledMean(it.trainMetrics, metric),
        testMean: pooledMean(it.testMetrics, metric),
      })),
    };
  } catch (err) {
    progress.phase = 'failed';
    progress.lastError = failureMessage(err);
    wf.upsertSearchAttributes([{ key: BenchStatus, value: 'failed' }]);
    await wf.CancellationScope.nonCancellable(() =>
      pinned.finishRun(input, 'failed').catch((e) => wf.log.warn('could not mark the run failed', { error: String(e) })),
    );
    throw err;
  } finally {
    await wf.CancellationScope.nonCancellable(() =>
      pinned.stopRun(input.runId).catch((e) => wf.log.warn('could not stop the run resources', { error: String(e) })),
    );
  }
}
