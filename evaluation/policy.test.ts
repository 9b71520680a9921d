import { baselinePolicy, bestTrainMean, freezeRouting, PolicyInputError } from './policy';

const tasks = Array.from({ length: 400 }, (_, i) => String(i));

describe('freezeRouting', () => {
  test('pins every task to a variant drawn from the routing, reproducibly for a seed and iteration', () => {
    const routing = { fewshot: 0.75, initial: 0.25 };
    const a = freezeRouting({ routing, taskIds: tasks, seed: 42, iteration: 1 });
    expect(freezeRouting({ routing, taskIds: tasks, seed: 42, iteration: 1 })).toEqual(a);
    expect(Object.keys(a.variantByTask)).toEqual(tasks);
    expect(a.assignments.fewshot + a.assignments.initial).toBe(400);
    // about 300 of 400 on the 0.75 variant (binomial sd ≈ 8.7)
    expect(a.assignments.fewshot).toBeGreaterThan(260);
    expect(a.assignments.fewshot).toBeLessThan(340);
    expect(a).toMatchObject({ kind: 'frozen_routing', routing: { fewshot: 0.75, initial: 0.25 } });
  });

  test('another seed or iteration draws afresh; a variant with probability 0 never serves', () => {
    const routing = { a: 0.5, b: 0.5, c: 0 };
    const one = freezeRouting({ routing, taskIds: tasks, seed: 1, iteration: 1 }).variantByTask;
    expect(freezeRouting({ routing, taskIds: tasks, seed: 2, iteration: 1 }).variantByTask).not.toEqual(one);
    const iteration2 = freezeRouting({ routing, taskIds: tasks, seed: 1, iteration: 2 });
    expect(iteration2.variantByTask).not.toEqual(one);
    expect(Object.values(iteration2.variantByTask)).not.toContain('c');
    expect(iteration2.routing).toEqual({ a: 0.5, b: 0.5 });
  });

  test('normalises weights and refuses routing it cannot draw from, naming the entry', () => {
    expect(freezeRouting({ routing: { x: 2, y: 6 }, taskIds: ['t'], seed: 1, iteration: 1 }).routing).toEqual({ x: 0.25, y: 0.75 });
    expect(() => freezeRouting({ routing: { x: -1 }, taskIds: ['t'], seed: 1, iteration: 1 })).toThrow(new PolicyInputError('routing.x', -1, 'a routing probability must be a finite number ≥ 0'));
    expect(() => freezeRouting({ routing: {}, taskIds: ['t'], seed: 1, iteration: 1 })).toThrow(/needs at least one variant/);
  });
});

describe('baselinePolicy and bestTrainMean', () => {
  test('the baseline is `initial` on every task', () => {
    expect(baselinePolicy(['1', '2'])).toEqual({ kind: 'frozen_routing', routing: { initial: 1 }, variantByTask: { 1: 'initial', 2: 'initial' }, assignments: { initial: 2 } });
  });

  test('best train mean follows the metric direction and keeps to the deployed variants', () => {
    const trainMeans = { initial: 0.4, fewshot: 0.7, retired: 0.9 };
    expect(bestTrainMean({ trainMeans, optimize: 'max', taskIds: ['1'], candidates: ['initial', 'fewshot'] }).variantByTask).toEqual({ 1: 'fewshot' });
    expect(bestTrainMean({ trainMeans, optimize: 'max', taskIds: ['1'] }).routing).toEqual({ retired: 1 });
    expect(bestTrainMean({ trainMeans, optimize: 'min', taskIds: ['1'] })).toMatchObject({ kind: 'best_train_mean', assignments: { initial: 1 } });
    expect(() => bestTrainMean({ trainMeans, optimize: 'max', taskIds: ['1'], candidates: ['other'] })).toThrow(/no deployed variant has a train mean/);
  });
});
