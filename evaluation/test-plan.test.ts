import { planTestEpisodes } from './test-plan';

describe('planTestEpisodes', () => {
  test('draws the requested tasks without replacement, spread over the split, the same for the same seed', () => {
    const a = planTestEpisodes({ numTasks: 1000, requested: 40, repeats: 1, seed: 42 });
    const b = planTestEpisodes({ numTasks: 1000, requested: 40, repeats: 1, seed: 42 });
    expect(a.taskIds).toEqual(b.taskIds);
    expect(new Set(a.taskIds).size).toBe(40);
    // not the first 40 of the split: the sample reaches well into it
    expect(Math.max(...a.taskIds.map(Number))).toBeGreaterThan(500);
    expect(a.taskIds.map(Number)).toEqual([...a.taskIds.map(Number)].sort((x, y) => x - y));
  });

  test('different seeds draw independent task sets', () => {
    const a = new Set(planTestEpisodes({ numTasks: 1000, requested: 40, repeats: 1, seed: 1 }).taskIds);
    const b = planTestEpisodes({ numTasks: 1000, requested: 40, repeats: 1, seed: 2 }).taskIds;
    expect(b.filter((id) => a.has(id)).length).toBeLessThan(10);
  });

  test('caps at the split size and runs every task once per repeat, round by round', () => {
    const plan = planTestEpisodes({ numTasks: 3, requested: 40, repeats: 2, seed: 9 });
    expect(plan.taskIds).toEqual(['0', '1', '2']);
    expect(plan.episodes).toBe(6);
    expect([1, 2, 3, 4, 5, 6].map((k) => plan.slot(k))).toEqual([
      { taskId: '0', taskIndex: 0, repeat: 0 },
      { taskId: '1', taskIndex: 1, repeat: 0 },
      { taskId: '2', taskIndex: 2, repeat: 0 },
      { taskId: '0', taskIndex: 0, repeat: 1 },
      { taskId: '1', taskIndex: 1, repeat: 1 },
      { taskId: '2', taskIndex: 2, repeat: 1 },
    ]);
    expect(plan.taskIndex(5)).toBe(1);
  });

  test('an environment without a task list is planned by episode slot, each slot with a seeded game key', () => {
    const plan = planTestEpisodes({ numTasks: null, requested: 3, repeats: 2, seed: 1 });
    expect(plan.taskIds).toEqual(['slot-1', 'slot-2', 'slot-3']);
    const keys = [1, 2, 3].map((k) => plan.taskIndex(k));
    expect(new Set(keys).size).toBe(3);
    // a repeat plays the slot's game again, and the same seed gives the same games
    expect([4, 5, 6].map((k) => plan.taskIndex(k))).toEqual(keys);
    expect([1, 2, 3].map((k) => planTestEpisodes({ numTasks: null, requested: 3, repeats: 1, seed: 1 }).taskIndex(k))).toEqual(keys);
    expect([1, 2, 3].map((k) => planTestEpisodes({ numTasks: null, requested: 3, repeats: 1, seed: 2 }).taskIndex(k))).not.toEqual(keys);
  });
});
