/**
 * Repeats: pass^k (all of k tries succeed) and pass@k (at least one of k succeeds), with the
 * unbiased estimators from n ≥ k recorded tries per task: pass^k as τ-bench computes it
 * (Yao et al. 2024), pass@k as in the Codex paper (Chen et al. 2021). Both average over tasks.
 */
import { StatisticsInputError } from './types';

/** Successes and tries of one task. */
export interface TaskTries {
  successes: number;
  tries: number;
}

/** Counts 0/1 outcomes per task (one array of repeats per task). */
export function countTries(outcomesPerTask: readonly (readonly number[])[]): TaskTries[] {
  return outcomesPerTask.map((outcomes, task) => {
    outcomes.forEach((value, repeat) => {
      if (value !== 0 && value !== 1) throw new StatisticsInputError(`outcomes[${task}][${repeat}]`, value, 'pass^k and pass@k count 0/1 outcomes');
    });
    return { successes: outcomes.reduce((sum, v) => sum + v, 0), tries: outcomes.length };
  });
}

/** C(a, k) / C(n, k) as a product of k ratios: exact enough, no overflow. */
function chooseRatio(a: number, n: number, k: number): number {
  let ratio = 1;
  for (let i = 0; i < k; i++) ratio *= (a - i) / (n - i);
  return Math.max(0, ratio);
}

function checkTasks(tasks: readonly TaskTries[], k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) throw new StatisticsInputError('k', k, 'must be a positive integer');
  if (tasks.length === 0) throw new StatisticsInputError('tasks', [], 'needs at least one task');
  tasks.forEach((task, i) => {
    if (!Number.isSafeInteger(task.tries) || task.tries < k) throw new StatisticsInputError(`tasks[${i}].tries`, task.tries, `must be an integer ≥ k (${k})`);
    if (!Number.isSafeInteger(task.successes) || task.successes < 0 || task.successes > task.tries) {
      throw new StatisticsInputError(`tasks[${i}].successes`, task.successes, `must be an integer between 0 and tries (${task.tries})`);
    }
  });
}

/** pass^k = mean over tasks of C(c, k) / C(n, k): the chance that k fresh tries all succeed. */
export function passHatK(tasks: readonly TaskTries[], k: number): number {
  checkTasks(tasks, k);
  return tasks.reduce((sum, t) => sum + chooseRatio(t.successes, t.tries, k), 0) / tasks.length;
}

/** pass@k = mean over tasks of 1 − C(n − c, k) / C(n, k): the chance that one of k tries succeeds. */
export function passAtK(tasks: readonly TaskTries[], k: number): number {
  checkTasks(tasks, k);
  return tasks.reduce((sum, t) => sum + 1 - chooseRatio(t.tries - t.successes, t.tries, k), 0) / tasks.length;
}
