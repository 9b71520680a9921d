import { countTries, passAtK, passHatK } from './pass-at-k';

// Chen et al. 2021 ("Evaluating Large Language Models Trained on Code", fig. 3) compute the
// unbiased pass@k as 1 − ∏_{i=n−c+1..n} (1 − k/i); an independent formula to check against.
function codexPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let product = 1;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}

describe('pass^k and pass@k', () => {
  it('one task, 2 of 4 tries succeeded: pass^2 = C(2,2)/C(4,2) = 1/6, pass@2 = 1 − C(2,2)/C(4,2) = 5/6', () => {
    expect(passHatK([{ successes: 2, tries: 4 }], 2)).toBeCloseTo(1 / 6, 15);
    expect(passAtK([{ successes: 2, tries: 4 }], 2)).toBeCloseTo(5 / 6, 15);
  });

  it('averages over tasks and agrees with the Codex paper formula', () => {
    const tasks = [
      { successes: 0, tries: 8 },
      { successes: 3, tries: 8 },
      { successes: 8, tries: 8 },
      { successes: 5, tries: 8 },
    ];
    for (const k of [1, 2, 4, 8]) {
      const expected = tasks.reduce((sum, t) => sum + codexPassAtK(t.tries, t.successes, k), 0) / tasks.length;
      expect(passAtK(tasks, k)).toBeCloseTo(expected, 12);
    }
    // pass^k: a task that never fails counts 1 for any k, one that failed once counts 0 at k = n
    expect(passHatK(tasks, 8)).toBe(0.25);
  });

  it('k = 1 gives the plain success rate for both; pass^k falls and pass@k rises with k', () => {
    const tasks = countTries([
      [1, 0, 1, 1],
      [0, 0, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(passHatK(tasks, 1)).toBeCloseTo(8 / 12, 15);
    expect(passAtK(tasks, 1)).toBeCloseTo(8 / 12, 15);
    expect(passHatK(tasks, 2)).toBeLessThan(passHatK(tasks, 1));
    expect(passAtK(tasks, 2)).toBeGreaterThan(passAtK(tasks, 1));
  });

  it('refuses k above the tries of any task and non-binary outcomes', () => {
    expect(() => passHatK([{ successes: 1, tries: 2 }], 3)).toThrow('tasks[0].tries = 2: must be an integer ≥ k (3)');
    expect(() => countTries([[1, 0.5]])).toThrow('outcomes[0][1] = 0.5');
    expect(() => passAtK([], 1)).toThrow('needs at least one task');
  });
});
