import { aggregateSeeds } from './across-seeds';

describe('aggregateSeeds', () => {
  it('mean difference with a t-interval over seeds and the count of significant seeds', () => {
    const result = aggregateSeeds(
      [
        { seed: 1, difference: 0.1, pValue: 0.01 },
        { seed: 2, difference: 0.2, pValue: 0.2 },
        { seed: 3, difference: 0.3, pValue: 0.001 },
      ],
      { optimize: 'max', differenceRange: { min: -1, max: 1 } },
    );
    // mean 0.2, s = 0.1, t(0.975; 2) = 4.302653 → 0.2 ± 0.248414
    expect(result.meanDifference.estimate).toBeCloseTo(0.2, 12);
    expect(result.meanDifference.lower).toBeCloseTo(0.2 - 4.302652729696144 * (0.1 / Math.sqrt(3)), 9);
    expect(result).toMatchObject({ seeds: 3, improvedSignificantly: 2, worsenedSignificantly: 0, verdict: 'no-significant-difference' });
  });

  it('improved when the interval clears 0 on the better side; for a metric to minimise the better side is negative', () => {
    const seeds = [0.11, 0.12, 0.1, 0.13].map((difference, seed) => ({ seed, difference, pValue: 0.03 }));
    expect(aggregateSeeds(seeds, { optimize: 'max' }).verdict).toBe('improved');
    expect(aggregateSeeds(seeds, { optimize: 'min' })).toMatchObject({ verdict: 'worse', improvedSignificantly: 0, worsenedSignificantly: 4 });
  });

  it('one seed: its own paired test decides', () => {
    expect(aggregateSeeds([{ seed: 1, difference: -0.2, pValue: 0.01 }], { optimize: 'max' }).verdict).toBe('worse');
    expect(aggregateSeeds([{ seed: 1, difference: 0.2, pValue: 0.06 }], { optimize: 'max' }).verdict).toBe('no-significant-difference');
    expect(aggregateSeeds([{ seed: 1, difference: -0.2, pValue: 0.01 }], { optimize: 'min' }).verdict).toBe('improved');
  });

  it('refuses an empty list and impossible p-values', () => {
    expect(() => aggregateSeeds([], { optimize: 'max' })).toThrow('needs at least one seed');
    expect(() => aggregateSeeds([{ seed: 1, difference: 0, pValue: 1.5 }], { optimize: 'max' })).toThrow('comparisons[0].pValue = 1.5');
  });
});
