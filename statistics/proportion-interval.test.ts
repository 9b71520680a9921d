import { clopperPearsonInterval, wilsonInterval } from './proportion-interval';
import { StatisticsInputError } from './types';

const bounds = (i: { lower: number | null; upper: number | null }) => [i.lower, i.upper];

// Worked examples: Newcombe RG (1998) "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Statistics in Medicine 17:857–872, Table II
// (method 3 = Wilson score, method 5 = Clopper–Pearson exact), four decimals.
describe('wilsonInterval', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f–%f (Newcombe 1998)', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n);
    expect(interval.estimate).toBeCloseTo(x / n, 12);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
    expect(interval.method).toBe('wilson');
  });

  it('keeps a positive width and stays inside [0, 1] at 5/5, where Wald gives 1 ± 0', () => {
    const interval = wilsonInterval(5, 5);
    expect(interval.upper).toBe(1);
    expect(interval.lower).toBeCloseTo(5 / (5 + 1.959963984540054 ** 2), 12); // n/(n+z²) at x = n
    expect(interval.lower!).toBeLessThan(0.6);
  });

  it('reports an empty interval for n = 0 and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ estimate: null, lower: null, upper: null, n: 0, level: 0.95, method: 'wilson' });
    expect(() => wilsonInterval(6, 5)).toThrow(StatisticsInputError);
    expect(() => wilsonInterval(6, 5)).toThrow('successes = 6: must be an integer between 0 and n (5)');
    expect(() => wilsonInterval(1, 5, 1)).toThrow('level = 1');
  });

  it('widens with the level', () => {
    const narrow = wilsonInterval(30, 100, 0.8);
    const wide = wilsonInterval(30, 100, 0.99);
    expect(wide.lower!).toBeLessThan(narrow.lower!);
    expect(wide.upper!).toBeGreaterThan(narrow.upper!);
  });
});

describe('clopperPearsonInterval', () => {
  it.each([
    [15, 148, 0.0578, 0.1617],
    [0, 20, 0, 0.1684],
    [1, 29, 0.0009, 0.1776],
  ])('%i/%i → %f–%f (Newcombe 1998)', (x, n, lower, upper) => {
    const interval = clopperPearsonInterval(x, n);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('81/263 matches scipy.stats.beta.ppf (0.2527, 0.3676) and contains the Wilson interval', () => {
    const exact = clopperPearsonInterval(81, 263);
    expect(bounds(exact).map((v) => Number(v!.toFixed(4)))).toEqual([0.2527, 0.3676]);
    const wilson = wilsonInterval(81, 263);
    expect(exact.lower!).toBeLessThan(wilson.lower!);
    expect(exact.upper!).toBeGreaterThan(wilson.upper!);
  });

  it('0/n upper bound is 1 − (α/2)^(1/n)', () => {
    expect(clopperPearsonInterval(0, 7).upper).toBeCloseTo(1 - 0.025 ** (1 / 7), 12);
    expect(clopperPearsonInterval(7, 7).lower).toBeCloseTo(0.025 ** (1 / 7), 12);
  });
});
