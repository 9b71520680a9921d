import { planTasks } from './task-selection';

describe('planTasks', () => {
  test('the same seed gives the same task sequence, episode by episode', () => {
    const a = planTasks({ requested: 20, numTasks: 300, seed: 42, uniqueTasks: false });
    const b = planTasks({ requested: 20, numTasks: 300, seed: 42, uniqueTasks: false });
    const seqA = Array.from({ length: 20 }, (_, i) => a.taskIndex(i + 1));
    expect(seqA).toEqual(Array.from({ length: 20 }, (_, i) => b.taskIndex(i + 1)));
    expect(new Set(seqA).size).toBeGreaterThan(10); // actually spread out
    expect(seqA.every((t) => t !== undefined && t >= 0 && t < 300)).toBe(true);
  });

  test('another seed gives another sequence', () => {
    const a = planTasks({ requested: 10, numTasks: 300, seed: 1, uniqueTasks: false });
    const b = planTasks({ requested: 10, numTasks: 300, seed: 2, uniqueTasks: false });
    expect(Array.from({ length: 10 }, (_, i) => a.taskIndex(i + 1))).not.toEqual(Array.from({ length: 10 }, (_, i) => b.taskIndex(i + 1)));
  });

  test('unique tasks walk the indices in order and cap the episode count', () => {
    const plan = planTasks({ requested: 150, numTasks: 100, seed: 3, uniqueTasks: true });
    expect(plan.episodes).toBe(100);
    expect([1, 2, 100].map((k) => plan.taskIndex(k))).toEqual([0, 1, 99]);
    expect(planTasks({ requested: 5, numTasks: 100, seed: null, uniqueTasks: true }).episodes).toBe(5);
  });

  test('environments without tasks get seeded game keys with a seed, and pick their own without', () => {
    const plan = planTasks({ requested: 4, numTasks: null, seed: 1, uniqueTasks: true });
    expect(plan.episodes).toBe(4);
    const keys = [1, 2, 3, 4].map((k) => plan.taskIndex(k));
    expect(new Set(keys).size).toBe(4);
    expect([1, 2, 3, 4].map((k) => planTasks({ requested: 4, numTasks: null, seed: 1, uniqueTasks: false }).taskIndex(k))).toEqual(keys);
    expect([1, 2, 3, 4].map((k) => planTasks({ requested: 4, numTasks: null, seed: 2, uniqueTasks: false }).taskIndex(k))).not.toEqual(keys);
    expect(planTasks({ requested: 4, numTasks: null, seed: null, uniqueTasks: false }).taskIndex(1)).toBeUndefined();
  });
});

describe('planTasks across seeds', () => {
  test('neighbouring seeds draw independent sequences, not shifted copies', () => {
    const draw = (seed: number) => {
      const plan = planTasks({ requested: 40, numTasks: 1000, seed, uniqueTasks: false });
      return Array.from({ length: 40 }, (_, i) => plan.taskIndex(i + 1));
    };
    const a = draw(7);
    const b = draw(8);
    // seed + k seeding made b[k] equal a[k + 1] for every k; independent draws share almost nothing
    expect(a.slice(1)).not.toEqual(b.slice(0, 39));
    expect(a.filter((t) => b.includes(t)).length).toBeLessThan(8);
  });
});
