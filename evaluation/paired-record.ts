/**
 * The `paired_evaluation` record of one evaluation (/work/briefs/paired-schema.md, documented
 * in docs/evaluation.md): the frozen policy's metric, its paired difference against the
 * baseline on the same tasks with a 95% interval and a p-value, pass^k with repeats, and cost.
 * The statistics module chooses every method; this file only arranges its answers.
 */
import { comparePaired, type PairedComparison } from '../statistics/paired-comparison';
import { countTries, passAtK, passHatK } from '../statistics/pass-at-k';
import type { Interval, MetricScale } from '../statistics/types';
import type { CostSummary } from './cost';
import type { MetricDefinition, TaskOutcome } from './outcomes';
import type { FrozenPolicy, PolicyKind } from './policy';

export interface RecordedInterval {
  mean: number | null;
  ci: [number | null, number | null];
  /** `wilson`, `bootstrap`, `t`, `newcombe_paired`, `all_equal_bounded`, `degenerate` or `empty` */
  method: string;
}

export interface PairedEvaluation {
  metric_name: string;
  metric_type: 'boolean' | 'float';
  optimize: 'max' | 'min';
  level: 'episode' | 'inference';
  policy: { kind: PolicyKind; routing: Record<string, number>; assignments: Record<string, number> };
  /** the seed of the task draw, the variant draw and the bootstrap */
  seed: number;
  n_tasks: number;
  repeats: number;
  task_ids: string[];
  /** tasks left out of the comparison because one side has no value (float metrics only) */
  n_dropped: number;
  baseline: RecordedInterval;
  policy_metric: RecordedInterval;
  delta: RecordedInterval | null;
  p_value: number | null;
  test: 'mcnemar_exact' | 'wilcoxon_signed_rank' | null;
  pass_k: { k: number; pass_hat_k: number; pass_at_k: number } | null;
  cost: CostSummary;
  /** the same figures per variant that served the test episodes */
  cost_by_variant: Record<string, CostSummary>;
}

const METHOD_NAMES: Record<Interval['method'], string> = {
  wilson: 'wilson',
  'clopper-pearson': 'clopper_pearson',
  t: 't',
  'bootstrap-percentile': 'bootstrap',
  'newcombe-paired': 'newcombe_paired',
  'all-equal-bounded': 'all_equal_bounded',
  degenerate: 'degenerate',
  empty: 'empty',
};

const TEST_NAMES = { 'mcnemar-exact': 'mcnemar_exact', 'wilcoxon-signed-rank': 'wilcoxon_signed_rank' } as const;

function recorded(interval: Interval): RecordedInterval {
  return { mean: interval.estimate, ci: [interval.lower, interval.upper], method: METHOD_NAMES[interval.method] };
}

function scaleOf(metric: MetricDefinition): MetricScale {
  return metric.type === 'boolean' ? { kind: 'binary' } : { kind: 'continuous' };
}

const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

function compare(policy: readonly TaskOutcome[], baseline: readonly TaskOutcome[], metric: MetricDefinition, seed: number): PairedComparison {
  const baselineById = new Map(baseline.map((task) => [task.taskId, task.values]));
  return comparePaired(
    policy.map((task) => ({ taskId: task.taskId, policy: present(task.values), baseline: present(baselineById.get(task.taskId) ?? []) })),
    { scale: scaleOf(metric), seed },
  );
}

function passK(policy: readonly TaskOutcome[], metric: MetricDefinition, repeats: number): PairedEvaluation['pass_k'] {
  if (repeats < 2 || metric.type !== 'boolean') return null;
  // pass means the good outcome; for a metric minimised, that is 0
  const tries = countTries(policy.map((task) => present(task.values).map((v) => (metric.optimize === 'max' ? v : 1 - v))));
  return { k: repeats, pass_hat_k: passHatK(tries, repeats), pass_at_k: passAtK(tries, repeats) };
}

export interface PairedEvaluationInput {
  metric: MetricDefinition;
  policy: FrozenPolicy;
  seed: number;
  repeats: number;
  /** the baseline's outcomes on the run's task set */
  baseline: readonly TaskOutcome[];
  /** this evaluation's outcomes; null for the baseline's own record */
  current: readonly TaskOutcome[] | null;
  cost: CostSummary;
  costByVariant: Record<string, CostSummary>;
}

/**
 * Builds the record. For the baseline itself (`current` null) the policy is the baseline,
 * and the difference, p-value and test are null.
 */
export function buildPairedEvaluation(input: PairedEvaluationInput): PairedEvaluation {
  const { metric, seed, repeats } = input;
  const isBaseline = input.current === null;
  const current = input.current ?? input.baseline;
  const comparison = compare(current, input.baseline, metric, seed);
  return {
    metric_name: metric.name,
    metric_type: metric.type,
    optimize: metric.optimize,
    level: metric.level,
    policy: { kind: input.policy.kind, routing: input.policy.routing, assignments: input.policy.assignments },
    seed,
    n_tasks: current.length,
    repeats,
    task_ids: current.map((task) => task.taskId),
    n_dropped: comparison.tasksLeftOut.length,
    baseline: recorded(comparison.baseline),
    policy_metric: recorded(comparison.policy),
    delta: isBaseline ? null : recorded(comparison.difference),
    p_value: isBaseline ? null : comparison.pValue,
    test: isBaseline ? null : TEST_NAMES[comparison.test],
    pass_k: passK(current, metric, repeats),
    cost: input.cost,
    cost_by_variant: input.costByVariant,
  };
}
