/**
 * The paired evaluation of one policy against the baseline on the same tasks: each side's
 * metric with its interval, the difference policy − baseline with a 95% interval, and a
 * p-value. Which methods apply follows from the metric and the repeats (README, "Paired
 * comparison").
 */
import { bootstrapMeanInterval, type ValueRange } from './mean-interval';
import { mcnemarExactPValue, newcombePairedInterval, pairedBinaryTable, type PairedBinaryTable } from './paired-binary';
import { wilsonInterval } from './proportion-interval';
import { checkFinite, DEFAULT_LEVEL, type Interval, mean, type MetricScale, scaleRange, StatisticsInputError } from './types';
import { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon-signed-rank';

/** One task's metric values under each policy; several values when the task was repeated. */
export interface PairedTask {
  taskId: string;
  policy: readonly number[];
  baseline: readonly number[];
}

export type PairedTest = 'mcnemar-exact' | 'wilcoxon-signed-rank';

export interface PairedComparison {
  /** tasks with values on both sides, in input order */
  taskIds: string[];
  /** tasks left out because one side has no value (e.g. every try failed to run) */
  tasksLeftOut: string[];
  policy: Interval;
  baseline: Interval;
  /** policy − baseline */
  difference: Interval;
  pValue: number;
  test: PairedTest;
  /** the 2×2 table (McNemar) or the signed-rank details (Wilcoxon) */
  table?: PairedBinaryTable;
  wilcoxon?: WilcoxonResult;
}

export interface PairedComparisonOptions {
  scale: MetricScale;
  /** seeds the bootstrap; the same seed gives the same intervals */
  seed: number;
  level?: number;
  resamples?: number;
}

/**
 * policy − baseline with floating-point residue removed (zero when the two agree to 12
 * significant digits, otherwise rounded to 12), so equal differences tie and equal means
 * give exactly 0 in the signed-rank test.
 */
export function pairedDifference(policy: number, baseline: number): number {
  const difference = policy - baseline;
  if (Math.abs(difference) <= 1e-12 * Math.max(Math.abs(policy), Math.abs(baseline))) return 0;
  return Number(difference.toPrecision(12));
}

function checkTask(task: PairedTask, index: number, range: { min: number; max: number }, binary: boolean): void {
  for (const side of ['policy', 'baseline'] as const) {
    const values = task[side];
    checkFinite(`tasks[${index}].${side}`, values);
    values.forEach((value, repeat) => {
      const where = `tasks[${index}].${side}[${repeat}]`;
      if (binary && value !== 0 && value !== 1) throw new StatisticsInputError(where, value, 'a binary metric takes 0 or 1');
      if (value < range.min || value > range.max) throw new StatisticsInputError(where, value, `is outside the metric's range [${range.min}, ${range.max}]`);
    });
  }
}

/**
 * Compares policy and baseline task by task.
 * - Binary metric, one value per side per task: Wilson intervals for each side, Newcombe's
 *   paired interval for the difference, McNemar's exact test.
 * - Otherwise (continuous metric, or repeats): each task counts once, as the mean of its
 *   repeats; bootstrap intervals over tasks for each side and for the mean paired difference
 *   (the paired bootstrap: a task's two means are resampled together), Wilcoxon signed-rank
 *   test on the per-task differences.
 */
export function comparePaired(tasks: readonly PairedTask[], options: PairedComparisonOptions): PairedComparison {
  const level = options.level ?? DEFAULT_LEVEL;
  const range = scaleRange(options.scale);
  const binary = options.scale.kind === 'binary';
  tasks.forEach((task, i) => checkTask(task, i, range, binary));
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.taskId)) throw new StatisticsInputError('taskId', task.taskId, 'appears twice; each task is paired once');
    seen.add(task.taskId);
  }
  const complete = tasks.filter((task) => task.policy.length > 0 && task.baseline.length > 0);
  const taskIds = complete.map((task) => task.taskId);
  const kept = new Set(complete);
  const tasksLeftOut = tasks.filter((task) => !kept.has(task)).map((task) => task.taskId);

  if (binary && complete.every((task) => task.policy.length === 1 && task.baseline.length === 1)) {
    const table = pairedBinaryTable(
      complete.map((task) => task.policy[0]),
      complete.map((task) => task.baseline[0]),
    );
    const n = complete.length;
    return {
      taskIds,
      tasksLeftOut,
      policy: wilsonInterval(table.bothSucceeded + table.onlyPolicySucceeded, n, level),
      baseline: wilsonInterval(table.bothSucceeded + table.onlyBaselineSucceeded, n, level),
      difference: newcombePairedInterval(table, level),
      pValue: mcnemarExactPValue(table),
      test: 'mcnemar-exact',
      table,
    };
  }

  const policyMeans = complete.map((task) => mean(task.policy));
  const baselineMeans = complete.map((task) => mean(task.baseline));
  const differences = policyMeans.map((p, i) => pairedDifference(p, baselineMeans[i]));
  const width = range.max - range.min;
  const differenceRange: ValueRange = { min: -width, max: width };
  const bootstrap = { seed: options.seed, level, resamples: options.resamples };
  const wilcoxon = wilcoxonSignedRank(differences);
  return {
    taskIds,
    tasksLeftOut,
    policy: bootstrapMeanInterval(policyMeans, { ...bootstrap, range }),
    baseline: bootstrapMeanInterval(baselineMeans, { ...bootstrap, range }),
    difference: bootstrapMeanInterval(differences, { ...bootstrap, range: differenceRange }),
    pValue: wilcoxon.pValue,
    test: 'wilcoxon-signed-rank',
    wilcoxon,
  };
}
