import * as wf from '@temporalio/workflow';
import { BenchStatus, type BenchmarkRunResult, type CheckpointRef, type IterationSummary, type RunPhase, type RunProgress } from './shared';
import { pooledMean } from './metric-summary';

/** What the `progress` query shows before the run has done anything. */
export function newRunProgress(totalIterations: number): RunProgress {
  return {
    phase: 'starting',
    iteration: 0,
    totalIterations,
    workerQueue: null,
    latestMetrics: null,
    lastError: null,
    checkpoint: null,
    recoveries: 0,
    skippedIterations: [],
    awaitingDecision: null,
    autopilotActions: null,
    note: null,
  };
}

/** Moves the run to `phase` and shows it, with the iteration and latest metric, as the run's current details in the Web UI. */
export function setPhase(progress: RunProgress, phase: RunPhase): void {
  progress.phase = phase;
  showCurrentDetails(progress);
}

/** The run's current details (markdown on its Web UI page; no history event, so replay-safe). */
export function showCurrentDetails(progress: RunProgress): void {
  const where = progress.iteration > 0 ? ` — iteration ${progress.iteration} of ${progress.totalIterations}` : '';
  const lines = [`**${progress.phase}**${where}`];
  const latest = progress.latestMetrics;
  if (latest?.test !== null && latest?.test !== undefined) lines.push(`latest test metric ${latest.test.toFixed(3)} (iteration ${latest.iteration})`);
  if (progress.recoveries > 0) lines.push(`moved to another worker ${progress.recoveries}×`);
  wf.setCurrentDetails(lines.join('\n\n'));
}

/** `running` while the run works; otherwise the phase that says why it is not working. */
export type BenchStatusValue = 'running' | RunPhase;

/** The run's status as the UI and `list` filter it (search attribute BenchStatus). */
export function setBenchStatus(status: BenchStatusValue): void {
  wf.upsertSearchAttributes([{ key: BenchStatus, value: status }]);
}

/** A measured unit of work (baseline or iteration) with the checkpoint written after it. */
export interface CheckpointedSummary {
  summary: IterationSummary;
  checkpoint: CheckpointRef;
}

/**
 * The iterations the run has kept, in order; keeping one moves the run's checkpoint forward and
 * updates the latest metrics the `progress` query shows.
 */
export class IterationLog {
  private readonly kept: IterationSummary[] = [];

  constructor(
    private readonly metric: string,
    private readonly progress: RunProgress,
  ) {}

  keep({ summary, checkpoint }: CheckpointedSummary): void {
    this.progress.checkpoint = checkpoint;
    this.kept.push(summary);
    this.progress.latestMetrics = {
      iteration: summary.iteration,
      train: pooledMean(summary.trainMetrics, this.metric),
      test: pooledMean(summary.testMetrics, this.metric),
    };
    showCurrentDetails(this.progress);
  }

  /** The paired Δ vs baseline of the last kept iteration, when it has one. */
  lastPairedDelta(): number | null {
    return this.kept.at(-1)?.pairedDelta ?? null;
  }

  /** The per-iteration means the run result carries. */
  means(): BenchmarkRunResult['iterations'] {
    return this.kept.map((it) => ({
      iteration: it.iteration,
      phase: it.phase,
      trainMean: pooledMean(it.trainMetrics, this.metric),
      testMean: pooledMean(it.testMetrics, this.metric),
    }));
  }
}
