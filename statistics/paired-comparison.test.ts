import { comparePaired, pairedDifference, type PairedTask } from './paired-comparison';

function binaryTasks(policy: number[], baseline: number[]): PairedTask[] {
  return policy.map((p, i) => ({ taskId: `t${i}`, policy: [p], baseline: [baseline[i]] }));
}

// The Cavo et al. 2012 table (see paired-binary.test.ts) laid out as 161 tasks.
function cavoTasks(): PairedTask[] {
  const cells: [number, number, number][] = [
    [1, 1, 59],
    [1, 0, 6],
    [0, 1, 16],
    [0, 0, 80],
  ];
  const policy: number[] = [];
  const baseline: number[] = [];
  for (const [p, b, count] of cells) {
    for (let i = 0; i < count; i++) {
      policy.push(p);
      baseline.push(b);
    }
  }
  return binaryTasks(policy, baseline);
}

describe('comparePaired', () => {
  it('binary metric, one try each: Wilson per side, Newcombe difference, McNemar exact', () => {
    const result = comparePaired(cavoTasks(), { scale: { kind: 'binary' }, seed: 1 });
    expect(result.test).toBe('mcnemar-exact');
    expect(result.pValue).toBeCloseTo(0.052478790283203125, 14);
    expect(result.difference).toMatchObject({ method: 'newcombe-paired', n: 161 });
    expect(result.difference.lower).toBeCloseTo(-0.1186, 4);
    expect(result.difference.upper).toBeCloseTo(-0.0046, 4);
    expect(result.policy).toMatchObject({ method: 'wilson', estimate: 65 / 161 });
    expect(result.baseline).toMatchObject({ method: 'wilson', estimate: 75 / 161 });
    expect(result.taskIds).toHaveLength(161);
    expect(result.tasksLeftOut).toEqual([]);
  });

  it('binary metric with repeats: per-task means, paired bootstrap and Wilcoxon, reproducible by seed', () => {
    const tasks: PairedTask[] = Array.from({ length: 30 }, (_, i) => ({
      taskId: `task-${i}`,
      policy: [1, i % 3 === 0 ? 0 : 1, 1],
      baseline: [i % 2, 0, i % 5 === 0 ? 1 : 0],
    }));
    const result = comparePaired(tasks, { scale: { kind: 'binary' }, seed: 4 });
    expect(result.test).toBe('wilcoxon-signed-rank');
    expect(result.difference.method).toBe('bootstrap-percentile');
    const policyMean = tasks.reduce((s, t) => s + t.policy.reduce((a, b) => a + b) / 3, 0) / 30;
    const baselineMean = tasks.reduce((s, t) => s + t.baseline.reduce((a, b) => a + b) / 3, 0) / 30;
    expect(result.difference.estimate).toBeCloseTo(policyMean - baselineMean, 10);
    expect(result.difference.lower!).toBeGreaterThan(0);
    expect(result.difference.upper!).toBeLessThanOrEqual(1);
    expect(result.pValue).toBeLessThan(0.001);
    expect(result.policy.upper!).toBeLessThanOrEqual(1);
    expect(comparePaired(tasks, { scale: { kind: 'binary' }, seed: 4 })).toEqual(result);
  });

  it('identical results on every task: p = 1 and an interval around 0 that is not ± 0 for a bounded metric', () => {
    const tasks: PairedTask[] = Array.from({ length: 10 }, (_, i) => ({ taskId: `${i}`, policy: [i / 10, 0.5], baseline: [i / 10, 0.5] }));
    const result = comparePaired(tasks, { scale: { kind: 'continuous', min: 0, max: 1 }, seed: 2 });
    expect(result.pValue).toBe(1);
    expect(result.difference).toMatchObject({ estimate: 0, method: 'all-equal-bounded' });
    expect(result.difference.lower!).toBeLessThan(0);
    expect(result.difference.upper!).toBeGreaterThan(0);
  });

  it('leaves out tasks missing a side and says which', () => {
    const tasks = binaryTasks([1, 0, 1], [0, 0, 1]);
    tasks.push({ taskId: 'no-policy-value', policy: [], baseline: [1] });
    const result = comparePaired(tasks, { scale: { kind: 'binary' }, seed: 1 });
    expect(result.tasksLeftOut).toEqual(['no-policy-value']);
    expect(result.taskIds).toEqual(['t0', 't1', 't2']);
    expect(result.table).toEqual({ bothSucceeded: 1, onlyPolicySucceeded: 1, onlyBaselineSucceeded: 0, bothFailed: 1 });
  });

  it('refuses bad input with the task and value named', () => {
    expect(() => comparePaired(binaryTasks([1, 2], [0, 1]), { scale: { kind: 'binary' }, seed: 1 })).toThrow('tasks[1].policy[0] = 2: a binary metric takes 0 or 1');
    expect(() => comparePaired([{ taskId: 'a', policy: [5], baseline: [0] }], { scale: { kind: 'continuous', max: 1 }, seed: 1 })).toThrow(
      "tasks[0].policy[0] = 5: is outside the metric's range [-Infinity, 1]",
    );
    const duplicated = binaryTasks([1, 0], [0, 1]).map((t) => ({ ...t, taskId: 'same' }));
    expect(() => comparePaired(duplicated, { scale: { kind: 'binary' }, seed: 1 })).toThrow('taskId = "same": appears twice');
  });
});

describe('pairedDifference', () => {
  it('removes floating-point residue so equal differences tie and equal means give 0', () => {
    expect(1 - 2 / 3 === 1 / 3 - 0).toBe(false);
    expect(pairedDifference(1, 2 / 3)).toBe(pairedDifference(1 / 3, 0));
    expect(pairedDifference(0.7, 0.4)).toBe(0.3);
    expect(pairedDifference(0.1 + 0.2, 0.3)).toBe(0);
    expect(pairedDifference(1e-9, 0)).toBe(1e-9);
  });
});
