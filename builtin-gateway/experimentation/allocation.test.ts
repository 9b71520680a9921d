import { applyFloor, optimalAllocation } from './allocation';

const arm = (variant: string, count: number, mean: number, variance: number) => ({ variant, count, mean, variance });
const sum = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);

describe('optimalAllocation', () => {
  it('returns uniform probabilities when all arms look the same', () => {
    expect(optimalAllocation([arm('a', 10, 0.5, 0.25), arm('b', 20, 0.5, 0.25)], { epsilon: 0, minProb: 0 })).toEqual({ a: 0.5, b: 0.5 });
  });

  it('sums to one and samples a close challenger more than a clearly worse one', () => {
    const p = optimalAllocation([arm('a', 50, 0.8, 0.16), arm('close', 50, 0.75, 0.19), arm('far', 50, 0.2, 0.16)], { epsilon: 0, minProb: 0 });
    expect(sum(p)).toBeCloseTo(1, 12);
    expect(p.close).toBeGreaterThan(p.far);
    expect(p.a).toBeGreaterThan(p.far);
  });

  it('keeps every arm at or above min_prob', () => {
    const p = optimalAllocation([arm('a', 50, 0.9, 0.09), arm('b', 50, 0.89, 0.1), arm('c', 50, 0.1, 0.09)], { epsilon: 0, minProb: 0.2 });
    expect(p.c).toBeCloseTo(0.2, 12);
    expect(sum(p)).toBeCloseTo(1, 12);
    for (const value of Object.values(p)) expect(value).toBeGreaterThanOrEqual(0.2 - 1e-12);
  });

  it('gives a lone arm all the mass', () => {
    expect(optimalAllocation([arm('a', 1, 0, 0)], { epsilon: 0, minProb: 0 })).toEqual({ a: 1 });
  });
});

describe('applyFloor', () => {
  it('raises small probabilities and takes the mass proportionally from the rest', () => {
    const out = applyFloor([0.7, 0.29, 0.01], 0.1);
    expect(out[2]).toBeCloseTo(0.1, 12);
    expect(out[0] / out[1]).toBeCloseTo(0.7 / 0.29, 9);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
