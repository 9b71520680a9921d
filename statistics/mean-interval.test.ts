import { bootstrapMeanInterval, noSpreadInterval, tInterval } from './mean-interval';
import { wilsonInterval } from './proportion-interval';
import { seededRandom } from './seeded-random';

describe('tInterval', () => {
  it('1..5: 3 ± t(0.975; 4)·√(2.5/5) = [1.03676, 4.96324] (t table value 2.776)', () => {
    const interval = tInterval([1, 2, 3, 4, 5]);
    expect(interval).toMatchObject({ estimate: 3, n: 5, method: 't' });
    expect(interval.lower).toBeCloseTo(1.0367568385224428, 10);
    expect(interval.upper).toBeCloseTo(4.963243161477557, 10);
  });

  it('is clipped to the metric range instead of crossing it', () => {
    const interval = tInterval([0, 0, 0, 1], { range: { min: 0, max: 1 } });
    expect(interval.lower).toBe(0);
    expect(interval.upper!).toBeLessThanOrEqual(1);
  });

  it('refuses values outside the range, naming the index', () => {
    expect(() => tInterval([0.5, 1.5], { range: { min: 0, max: 1 } })).toThrow("values[1] = 1.5: is outside the metric's range [0, 1]");
    expect(() => tInterval([1, Number.NaN])).toThrow('values[1] = NaN: must be a finite number');
  });
});

describe('samples with no spread', () => {
  it('n = 0 is empty', () => {
    expect(tInterval([])).toMatchObject({ estimate: null, lower: null, upper: null, n: 0, method: 'empty' });
  });

  it('bounded metric: all equal gives Wilson-width bounds, exactly Wilson for a 0/1 metric', () => {
    const fromT = tInterval([1, 1, 1, 1, 1], { range: { min: 0, max: 1 } });
    const wilson = wilsonInterval(5, 5);
    expect(fromT.method).toBe('all-equal-bounded');
    expect(fromT.lower).toBeCloseTo(wilson.lower!, 12);
    expect(fromT.upper).toBe(1);
    const fromBootstrap = bootstrapMeanInterval([0, 0, 0], { seed: 1, range: { min: 0, max: 1 } });
    expect([fromBootstrap.lower, fromBootstrap.upper]).toEqual([0, wilsonInterval(0, 3).upper]);
  });

  it('bounded metric: a value inside the range widens towards both ends in proportion', () => {
    const interval = noSpreadInterval(0.25, 10, 0.95, { min: 0, max: 1 });
    const q = wilsonInterval(0, 10).upper!;
    expect(interval.lower).toBeCloseTo(0.25 - q * 0.25, 12);
    expect(interval.upper).toBeCloseTo(0.25 + q * 0.75, 12);
  });

  it('unbounded metric: [v, v] from n ≥ 2 equal values, null bounds from one value', () => {
    expect(tInterval([3, 3])).toMatchObject({ estimate: 3, lower: 3, upper: 3, method: 'degenerate' });
    expect(tInterval([3])).toMatchObject({ estimate: 3, lower: null, upper: null, n: 1, method: 'degenerate' });
  });
});

describe('bootstrapMeanInterval', () => {
  const random = seededRandom(7, 'test-data');
  const sample = Array.from({ length: 40 }, () => random() * 10);

  it('is reproducible from its seed and moves with it', () => {
    const a = bootstrapMeanInterval(sample, { seed: 11 });
    expect(bootstrapMeanInterval(sample, { seed: 11 })).toEqual(a);
    expect(bootstrapMeanInterval(sample, { seed: 12 })).not.toEqual(a);
  });

  it('agrees with the t-interval on a symmetric sample of 40 to within a tenth of its width', () => {
    const boot = bootstrapMeanInterval(sample, { seed: 3 });
    const t = tInterval(sample);
    const width = t.upper! - t.lower!;
    expect(boot.estimate).toBeCloseTo(t.estimate!, 12);
    expect(Math.abs(boot.lower! - t.lower!)).toBeLessThan(width / 10);
    expect(Math.abs(boot.upper! - t.upper!)).toBeLessThan(width / 10);
  });

  it('never leaves the observed range (a t-interval on the same data crosses 0)', () => {
    const skewed = [0, 0, 0, 0, 0, 0, 0, 0, 0, 10];
    expect(tInterval(skewed).lower!).toBeLessThan(0);
    const boot = bootstrapMeanInterval(skewed, { seed: 5 });
    expect(boot.lower!).toBeGreaterThanOrEqual(0);
    expect(boot.upper!).toBeGreaterThan(boot.lower!);
  });
});
