/**
 * Definitions both the workflow sandbox and Node code import: task queue, message
 * definitions, search attributes and the small types that travel as payloads.
 * Imports nothing from Node.
 */
import { defineQuery } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { EnvironmentConfig, InfraConfig, AutopilotTargetConfig, InterlocutorConfig } from '../config/schema';
import type { VariantMetrics } from '../results/stats';

/** The shared queue: workflows and the "claim a worker" activity. */
export const SHARED_TASK_QUEUE = 'autopilot-benchmarks';

export const BenchEnvironment = defineSearchAttributeKey('BenchEnvironment', SearchAttributeType.KEYWORD);
export const BenchConfig = defineSearchAttributeKey('BenchConfig', SearchAttributeType.KEYWORD);
export const BenchStatus = defineSearchAttributeKey('BenchStatus', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTES = [BenchEnvironment, BenchConfig, BenchStatus];

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
  interlocutor: InterlocutorConfig;
  /** the CLI `--seed` (the config-level seed is ignored, as in the original) */
  seed: number | null;
  /** directory the interlocutor config path is resolved against (the CLI's cwd) */
  cwd: string;
  /** `--snapshot DIR`: the baseline is restored from this snapshot instead of run */
  snapshot: string | null;
}

export type RunPhase =
  | 'starting'
  | 'baseline'
  | 'autopilot'
  | 'evaluation'
  | 'finishing'
  | 'completed'
  | 'failed';

export interface RunProgress {
  phase: RunPhase;
  /** iteration being worked on (0 = baseline) */
  iteration: number;
  totalIterations: number;
  /** the private task queue of the worker that holds the run */
  workerQueue: string | null;
  latestMetrics: { iteration: number; train: number | null; test: number | null } | null;
  lastError: string | null;
}

export const progressQuery = defineQuery<RunProgress>('progress');

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
  trainMetrics: VariantMetrics | null;
  testMetrics: VariantMetrics;
  train: RolloutStatsSummary;
  test: RolloutStatsSummary;
}

export interface SessionSummary {
  session_id: string | null;
  final_status: string;
  turns: number;
  config_writes_count: number;
  error: string | null;
  edits_applied: boolean;
}

export interface BenchmarkRunResult {
  runId: string;
  workDir: string;
  summary: string;
  iterations: { iteration: number; phase: string; trainMean: number | null; testMean: number | null }[];
}
