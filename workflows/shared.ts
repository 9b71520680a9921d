/**
 * Definitions both the workflow sandbox and Node code import: task queue, message
 * definitions, search attributes and the small types that travel as payloads.
 * Imports nothing from Node.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { EnvironmentConfig, InfraConfig, AutopilotBudgetConfig, AutopilotTargetConfig, InterlocutorConfig } from '../config/schema';
import type { VariantMetrics } from '../results/stats';
import type { BudgetUsage, EditOutcome, RecordedFault } from '../activities';

/** The shared queue: workflows and the "claim a worker" activity. */
export const SHARED_TASK_QUEUE = 'autopilot-benchmarks';

// Set by the workflow itself (so a run started with plain `temporal workflow start` has them too);
// filter with e.g. `Environment="ner_conllpp_v0" AND BenchStatus="completed"`.
export const Environment = defineSearchAttributeKey('Environment', SearchAttributeType.KEYWORD);
export const Seed = defineSearchAttributeKey('Seed', SearchAttributeType.INT);
export const BenchConfig = defineSearchAttributeKey('BenchConfig', SearchAttributeType.KEYWORD);
export const BenchStatus = defineSearchAttributeKey('BenchStatus', SearchAttributeType.KEYWORD);
/** the iteration being worked on (0 = baseline) */
export const CurrentIteration = defineSearchAttributeKey('CurrentIteration', SearchAttributeType.INT);
/** the last iteration's paired Δ vs baseline on the held-out test set, set when the run completes */
export const FinalDelta = defineSearchAttributeKey('FinalDelta', SearchAttributeType.DOUBLE);
/** Every search attribute the workflow sets; the CLI registers missing ones on the server. */
export const SEARCH_ATTRIBUTES = [Environment, Seed, BenchConfig, BenchStatus, CurrentIteration, FinalDelta];

/** Everything a run needs, resolved by the client (config after CLI overrides). */
export interface BenchmarkRunInput {
  /** UUIDv7 of the run, also `run.json.id` */
  runId: string;
  /** absolute path of the YAML the run came from (shown in the UI) */
  configPath: string;
  /** absolute per-run work dir `<work-dir>/<env>/<timestamp>[_seed<N>]` */
  workDir: string;
  env: EnvironmentConfig;
  infra: InfraConfig;
  autopilotTarget: AutopilotTargetConfig;
  /** the per-iteration autopilot budget (absent in inputs from before it existed: no limit) */
  autopilotBudget?: AutopilotBudgetConfig;
  interlocutor: InterlocutorConfig;
  /** the CLI `--seed` (the config-level seed is ignored, as in the original) */
  seed: number | null;
  /** directory the interlocutor config path is resolved against (the CLI's cwd) */
  cwd: string;
  /** `--snapshot DIR`: the baseline is restored from this snapshot instead of run */
  snapshot: string | null;
  /** `run` (the benchmark) or `snapshot` (stop after the baseline and export it to `snapshotDir`) */
  mode?: 'run' | 'snapshot';
  /** `snapshot` mode: the root the snapshot is exported under */
  snapshotDir?: string | null;
  /** where checkpoints live when several workers share a location; null = `<workDir>/checkpoints` */
  checkpointRoot?: string | null;
  /** seconds a failed iteration waits for an operator's retry/skip/abort before the run fails */
  decisionTimeoutSeconds?: number;
  /** timeouts that make a lost worker visible (seconds); defaults in the workflow */
  heartbeatTimeoutSeconds?: number;
  scheduleToStartTimeoutSeconds?: number;
}

/** A checkpoint written after the baseline or an iteration (see checkpoints/). */
export interface CheckpointRef {
  dir: string;
  iteration: number;
  createdAt: string;
}

/** An operator's decision on an iteration that failed after its retries. */
export type OperatorDecision = 'retry' | 'skip' | 'abort';

/** Details a step puts in its heartbeats; the workflow reads them back after a lost worker. */
export interface StepHeartbeat {
  step: string;
  done?: number;
  total?: number;
  sessionId?: string;
}

/** What a redone iteration learns about the attempt that was lost with its worker. */
export interface InterruptedAttempt {
  sessionId: string | null;
  reason: string;
  workerQueue: string;
}

export type RunPhase =
  | 'starting'
  | 'queued'
  | 'baseline'
  | 'autopilot'
  | 'evaluation'
  | 'checkpoint'
  | 'recovering'
  | 'awaiting-decision'
  | 'snapshot'
  | 'finishing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'aborted';

export interface RunProgress {
  phase: RunPhase;
  /** iteration being worked on (0 = baseline) */
  iteration: number;
  totalIterations: number;
  /** the private task queue of the worker that holds the run */
  workerQueue: string | null;
  latestMetrics: { iteration: number; train: number | null; test: number | null } | null;
  lastError: string | null;
  /** the last checkpoint written (a reference, never the data) */
  checkpoint: CheckpointRef | null;
  /** how many times the run moved to another worker after losing one */
  recoveries: number;
  /** iterations skipped by an operator */
  skippedIterations: number[];
  /** set while a failed iteration waits for retry / skip / abort */
  awaitingDecision: AwaitingDecision | null;
  /** the latest autopilot session's actions, a short line each (absent in runs started before this field) */
  autopilotActions?: { iteration: number; lines: string[] } | null;
  /** what the run waits for, shown after the phase (`queued: waiting for a worker slot`); absent in runs started before it existed */
  note?: string | null;
}

/** A failed iteration waiting for an operator; also kept in the memo so `status` needs no worker. */
export interface AwaitingDecision {
  iteration: number;
  /** the phase the iteration failed in (autopilot, evaluation, checkpoint) */
  step: string;
  error: string;
  /** ISO time at which the run fails if nobody decides */
  deadline: string;
}

/** Memo key holding the `AwaitingDecision` (null when nothing waits). */
export const AWAITING_DECISION_MEMO = 'awaitingDecision';

export const progressQuery = defineQuery<RunProgress>('progress');

/** The phase as people read it, with what the run waits for when it waits (`queued: waiting for a worker slot`). */
export function phaseLabel(progress: Pick<RunProgress, 'phase' | 'note'>): string {
  return progress.note ? `${progress.phase}: ${progress.note}` : progress.phase;
}

/** retry / skip / abort a failed iteration (rejected unless one is waiting). */
export const decideUpdate = defineUpdate<string, [OperatorDecision]>('decide');

/**
 * The same decision as a signal: the CLI sends it when no worker answers the update in time.
 * Signals are stored in history at once and handled when a worker returns.
 */
export const decideSignal = defineSignal<[OperatorDecision]>('decideSignal');

/** Rollout summary without per-episode results. */
export interface RolloutStatsSummary {
  total: number;
  succeeded: number;
  failed: number;
  error_counts: Record<string, number>;
}

/** What each step returns to the workflow: small, JSON-serialisable. */
export interface IterationSummary {
  iteration: number;
  phase: 'baseline' | 'baseline_restored' | 'post_autopilot';
  /** train metrics from the gateway (cumulative over the train store) */
  trainMetrics: VariantMetrics | null;
  /** the train rollout's own locally computed metrics (null when skipped); snapshots keep them */
  trainRolloutMetrics: VariantMetrics | null;
  testMetrics: VariantMetrics;
  train: RolloutStatsSummary;
  test: RolloutStatsSummary;
  /** the paired evaluation's Δ vs baseline (mean), when the iteration has one */
  pairedDelta?: number | null;
}

export interface SessionSummary {
  session_id: string | null;
  final_status: string;
  turns: number;
  config_writes_count: number;
  error: string | null;
  /** true when at least one edit was applied (the gateways were restarted) */
  edits_applied: boolean;
  /** the autopilot-side fault that ended the session; null when none (harness-side ones throw) */
  fault: RecordedFault | null;
  /** which flattened edits were applied and which refused, and why */
  edits: EditOutcome;
  /** what the session did, a short line per action (no templates), for the console */
  actions?: string[];
  /** what the session spent of the autopilot budget; null when not metered (external autopilots) */
  budget?: BudgetUsage | null;
}

export interface BenchmarkRunResult {
  runId: string;
  workDir: string;
  summary: string;
  /** snapshot mode: where the snapshot was exported */
  snapshotDir?: string;
  recoveries: number;
  skippedIterations: number[];
  iterations: { iteration: number; phase: string; trainMean: number | null; testMean: number | null }[];
}
