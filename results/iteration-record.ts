import { uuid7 } from '../common/uuid7';
import type { PairedEvaluation } from '../evaluation/paired-record';
import { mergeErrorCounts, type VariantMetrics } from './stats';
import { isoUtc } from './time';
import type { BudgetUsage } from '../autopilot/budget/budget-meter';

export type IterationPhase = 'baseline' | 'baseline_restored' | 'post_autopilot';

/**
 * Where `metrics.train` comes from: the train gateway's store, cumulative over every train
 * rollout of the run so far (the original's §6.7 read), not this iteration's rollout alone.
 */
export const TRAIN_METRICS_SCOPE = 'cumulative_gateway_store';

/**
 * One element of `results/iterations.json` (reference/original-harness.md §7.2), fields in the
 * original's order; ours follow (docs/evaluation.md; `autopilot_fault` and `autopilot_edits`: README, Failures).
 */
export interface IterationRecord {
  id: string;
  run_id: string;
  iteration_number: number;
  phase: IterationPhase;
  finished_at: string;
  num_episodes: number;
  num_succeeded: number;
  num_failed: number;
  error_counts: Record<string, number>;
  metrics: { train: VariantMetrics | null; test: VariantMetrics | null };
  active_variants: string[];
  autopilot_session_id: string | null;
  autopilot_turns: number | null;
  autopilot_config_writes: number | null;
  autopilot_final_status: string | null;
  /** ours: what `metrics.train` covers (always `cumulative_gateway_store`) */
  train_metrics_scope: typeof TRAIN_METRICS_SCOPE;
  /** ours: this iteration's train rollout alone, computed locally; null when it was skipped */
  train_rollout_metrics: VariantMetrics | null;
  /** ours: the paired test evaluation; null when there is no baseline to pair with */
  paired_evaluation: PairedEvaluation | null;
  /** the autopilot-side fault that ended the session (issue 12 item 1); null when none, and for baseline records */
  autopilot_fault: RecordedFault | null;
  /** which flattened edits were applied and which refused, and why; null for baseline records */
  autopilot_edits: EditOutcome | null;
  /** ours: the autopilot budget and what the session spent of it; null for baselines and unmetered (external) autopilots */
  autopilot_budget?: BudgetUsage | null;
}

/** An autopilot-side fault as recorded: its kind (`protocol_violation`, `session_timeout`, `service_error`) and message. */
export interface RecordedFault {
  kind: string;
  message: string;
}

/** What became of a session's flattened edits; `index` is the edit's position in `config_writes.flattened.json`. */
export interface EditOutcome {
  applied: { index: number; operation: string; target: string }[];
  rejected: { index: number; operation: string | null; target: string | null; reason: string }[];
}

export const NO_EDITS: EditOutcome = Object.freeze({ applied: [], rejected: [] });

/** A rollout's counts (a skipped train rollout is `{total: 0, succeeded: 0, failed: 0, error_counts: {}}`). */
export interface RolloutCounts {
  total: number;
  succeeded: number;
  failed: number;
  error_counts: Record<string, number>;
}

export interface AutopilotOutcome {
  session_id: string | null;
  turns: number;
  /** number of flattened config writes */
  config_writes: number;
  final_status: string;
  fault: RecordedFault | null;
  edits: EditOutcome;
  budget?: BudgetUsage | null;
}

export interface IterationRecordInput {
  runId: string;
  iteration: number;
  phase: IterationPhase;
  train: RolloutCounts;
  test: RolloutCounts;
  /** from the gateway's variant performances; null when skipped or collection failed */
  trainMetrics: VariantMetrics | null;
  /** the test rollout's locally computed variant metrics */
  testMetrics: VariantMetrics | null;
  /** this iteration's train rollout metrics (null when skipped) */
  trainRolloutMetrics?: VariantMetrics | null;
  pairedEvaluation?: PairedEvaluation | null;
  /** absent for baseline records */
  autopilot?: AutopilotOutcome;
  finishedAt?: Date;
}

export const SKIPPED_ROLLOUT: RolloutCounts = Object.freeze({ total: 0, succeeded: 0, failed: 0, error_counts: {} });

/** Sorted names of every variant appearing under any metric of the test metrics. */
export function activeVariants(testMetrics: VariantMetrics | null): string[] {
  const names = new Set<string>();
  for (const metric of Object.values(testMetrics ?? {})) for (const name of Object.keys(metric.variants)) names.add(name);
  return [...names].sort();
}

/** Builds an iteration record: episode counts are train+test sums, error counts merged per type. */
export function buildIterationRecord(input: IterationRecordInput): IterationRecord {
  return {
    id: uuid7(),
    run_id: input.runId,
    iteration_number: input.iteration,
    phase: input.phase,
    finished_at: isoUtc(input.finishedAt),
    num_episodes: input.train.total + input.test.total,
    num_succeeded: input.train.succeeded + input.test.succeeded,
    num_failed: input.train.failed + input.test.failed,
    error_counts: mergeErrorCounts(input.train.error_counts, input.test.error_counts),
    metrics: { train: input.trainMetrics, test: input.testMetrics },
    active_variants: activeVariants(input.testMetrics),
    autopilot_session_id: input.autopilot?.session_id ?? null,
    autopilot_turns: input.autopilot?.turns ?? null,
    autopilot_config_writes: input.autopilot?.config_writes ?? null,
    autopilot_final_status: input.autopilot?.final_status ?? null,
    train_metrics_scope: TRAIN_METRICS_SCOPE,
    train_rollout_metrics: input.trainRolloutMetrics ?? null,
    paired_evaluation: input.pairedEvaluation ?? null,
    autopilot_fault: input.autopilot?.fault ?? null,
    autopilot_edits: input.autopilot?.edits ?? null,
    autopilot_budget: input.autopilot?.budget ?? null,
  };
}
