import { checkStopping, findLeader } from './stopping-rule';

const arm = (variant: string, count: number, mean: number, variance: number) => ({ variant, count, mean, variance });
const options = { minSamplesPerVariant: 10, delta: 0.05, epsilon: 0 };

describe('checkStopping', () => {
  it('stops when the smallest Z exceeds ln((1 + ln N)/delta)', () => {
    // Z = 0.3² / (2·(0.16/100 + 0.25/100)) = 10.9756; threshold = ln((1 + ln 200)/0.05) = 4.8360
    const result = checkStopping([arm('a', 100, 0.8, 0.16), arm('b', 100, 0.5, 0.25)], options);
    expect(result.stopped).toBe(true);
    expect(result.leader).toBe('a');
    expect(result.minZ).toBeCloseTo(10.9756, 3);
    expect(result.threshold).toBeCloseTo(4.836, 3);
  });

  it('does not stop while the evidence is weak', () => {
    // Z = 0.09 / (2·(0.016 + 0.025)) = 1.0976 < ln((1 + ln 20)/0.05) = 4.3809
    const result = checkStopping([arm('a', 10, 0.8, 0.16), arm('b', 10, 0.5, 0.25)], options);
    expect(result.stopped).toBe(false);
    expect(result.minZ).toBeCloseTo(1.0976, 3);
    expect(result.threshold).toBeCloseTo(4.3809, 3);
  });

  it('uses the smallest Z over all challengers', () => {
    const result = checkStopping([arm('a', 100, 0.8, 0.16), arm('b', 100, 0.5, 0.25), arm('c', 100, 0.79, 0.16)], options);
    expect(result.stopped).toBe(false);
    expect(result.minZ).toBeCloseTo(0.0001 / (2 * 0.0032), 6);
  });

  it('never stops before every arm has the minimum number of samples', () => {
    expect(checkStopping([arm('a', 1000, 1, 0), arm('b', 9, 0, 0)], options).stopped).toBe(false);
  });

  it('floors variances at 1e-12 so deterministic arms can stop', () => {
    const result = checkStopping([arm('a', 10, 1, 0), arm('b', 10, 0, 0)], options);
    expect(result.stopped).toBe(true);
    expect(result.minZ).toBeCloseTo(1 / (2 * 2e-13), -6);
  });

  it('lets epsilon declare a winner among equal arms', () => {
    // Z = 0.1² / (2·(0.25/1000 · 2)) = 10 > ln((1 + ln 2000)/0.05) = 5.1497
    const equal = [arm('a', 1000, 0.5, 0.25), arm('b', 1000, 0.5, 0.25)];
    expect(checkStopping(equal, options).stopped).toBe(false);
    const result = checkStopping(equal, { ...options, epsilon: 0.1 });
    expect(result.stopped).toBe(true);
    expect(result.minZ).toBeCloseTo(10, 6);
  });
});

describe('findLeader', () => {
  it('picks the highest mean, breaking ties by variance/count, then by order', () => {
    expect(findLeader([arm('a', 10, 0.5, 0.1), arm('b', 10, 0.6, 0.1)])).toBe(1);
    expect(findLeader([arm('a', 10, 0.5, 0.2), arm('b', 10, 0.5, 0.1)])).toBe(1);
    expect(findLeader([arm('a', 10, 0.5, 0.1), arm('b', 10, 0.5, 0.1)])).toBe(0);
  });
});
