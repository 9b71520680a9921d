import { betaQuantile, binomialCdf, logGamma, normalCdf, normalQuantile, regularizedBeta, studentTCdf, studentTQuantile } from './special-functions';

// Reference values: standard tables, cross-checked against scipy.stats 1.17 (norm, t, beta).
describe('special functions', () => {
  it('log-gamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });

  it('normal CDF and quantile: z(0.975) = 1.959963984540054', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25); // deep tail stays accurate, not 0
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
  });

  it('Student t: t(0.975; 9) = 2.262157162798205, t(0.975; 4) = 2.776445105197793', () => {
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 10);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445105197793, 10);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445105197793, 10);
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(2.262157162798205, 9)).toBeCloseTo(0.975, 12);
  });

  it('incomplete beta and its quantile agree with each other and with closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.3, 1, 5)).toBeCloseTo(1 - 0.7 ** 5, 14);
    expect(betaQuantile(0.975, 1, 20)).toBeCloseTo(1 - 0.025 ** (1 / 20), 12);
    expect(regularizedBeta(betaQuantile(0.025, 81, 183), 81, 183)).toBeCloseTo(0.025, 12);
  });

  it('binomial CDF: P(X ≤ 1 | 8, ½) = 9/256', () => {
    expect(binomialCdf(1, 8, 0.5)).toBeCloseTo(9 / 256, 15);
    expect(binomialCdf(8, 8, 0.5)).toBe(1);
  });
});
