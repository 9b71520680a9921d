import type { PairedEvaluation } from '../compare/run-records';
import type { FileDiff } from './config-diffs';

/** The types the loader hands to the page (embedded in it as JSON). */

/** A metric value with its interval; bounds are null when the run gives none. */
export interface MetricPoint {
  mean: number;
  lower: number | null;
  upper: number | null;
  n: number | null;
}

export interface VariantRow {
  split: 'train' | 'test';
  metric: string;
  variant: string;
  mean: number | null;
  ciError: number | null;
  n: number | null;
}

/** One step of the autopilot session as the artifacts record it. */
export interface TranscriptEntry {
  kind: 'message' | 'question' | 'answer' | 'tool-call' | 'tool-result' | 'rejection' | 'status' | 'recovery';
  at: string | null;
  title: string;
  text: string;
}

export interface ReportIteration {
  iteration: number;
  phase: string;
  finishedAt: string | null;
  /** seconds from the previous iteration's end (or the run's start) to this one's */
  durationSeconds: number | null;
  episodes: { total: number | null; succeeded: number | null; failed: number | null };
  test: MetricPoint | null;
  train: MetricPoint | null;
  paired: (PairedEvaluation & { cost?: Record<string, number | null> }) | null;
  variants: VariantRow[];
  diffs: FileDiff[];
  transcript: TranscriptEntry[];
}

export interface ReportRun {
  dir: string;
  label: string;
  runId: string;
  environment: string;
  metricName: string;
  seed: number | null;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  workflowId: string | null;
  workflowUrl: string | null;
  models: string[];
  config: unknown;
  resumes: number;
  iterations: ReportIteration[];
}

/** The pooled view over seeds, taken from compare/ when there are several runs. */
export interface PooledIteration {
  iteration: number;
  seeds: number;
  policyMean: number | null;
  baselineMean: number | null;
  meanDelta: { estimate: number | null; lower: number | null; upper: number | null } | null;
  verdict: string | null;
}

export interface ReportData {
  title: string;
  generatedAt: string;
  runs: ReportRun[];
  pooled: PooledIteration[] | null;
  /** why there is no pooled view, when several runs were given */
  pooledNote: string | null;
}
