import { mcnemarExactPValue, newcombePairedInterval, pairedBinaryTable, type PairedBinaryTable } from './paired-binary';

// Worked examples from Fagerland MW, Lydersen S, Laake P: "The McNemar test for binary
// matched-pairs data" (BMC Med Res Methodol 2013;13:91) and "Recommended tests and confidence
// intervals for paired binomial proportions" (Stat Med 2014;33:2850–2875), also Chapter 8 of
// their book "Statistical Analysis of Contingency Tables" (2017):
// - Bentur et al. 2009, airway hyper-responsiveness: n11 = 1, n12 = 1, n21 = 7, n22 = 12;
//   exact conditional McNemar p = 0.070.
// - Cavo et al. 2012, complete response: n11 = 59, n12 = 6, n21 = 16, n22 = 80;
//   exact conditional p = 0.052; Newcombe square-and-add interval −0.0621 (−0.1186 to
//   −0.0046), the value the R package contingencytables tests (tests/testthat/test-ch8.R).
// Rows are the first measurement (here the policy), columns the second (the baseline).
const bentur: PairedBinaryTable = { bothSucceeded: 1, onlyPolicySucceeded: 1, onlyBaselineSucceeded: 7, bothFailed: 12 };
const cavo: PairedBinaryTable = { bothSucceeded: 59, onlyPolicySucceeded: 6, onlyBaselineSucceeded: 16, bothFailed: 80 };

describe('mcnemarExactPValue', () => {
  it('Bentur 2009: p = 2·P(X ≤ 1 | 8, ½) = 18/256 ≈ 0.070', () => {
    expect(mcnemarExactPValue(bentur)).toBeCloseTo(18 / 256, 15);
  });

  it('Cavo 2012: p ≈ 0.052 (scipy.stats.binomtest(6, 22) gives 0.052478790283203125)', () => {
    expect(mcnemarExactPValue(cavo)).toBeCloseTo(0.052478790283203125, 14);
  });

  it('is symmetric, 1 when nothing disagrees, and capped at 1 when b = c', () => {
    expect(mcnemarExactPValue({ ...cavo, onlyPolicySucceeded: 16, onlyBaselineSucceeded: 6 })).toBeCloseTo(mcnemarExactPValue(cavo), 15);
    expect(mcnemarExactPValue({ bothSucceeded: 10, onlyPolicySucceeded: 0, onlyBaselineSucceeded: 0, bothFailed: 3 })).toBe(1);
    expect(mcnemarExactPValue({ bothSucceeded: 0, onlyPolicySucceeded: 3, onlyBaselineSucceeded: 3, bothFailed: 0 })).toBe(1);
  });
});

describe('newcombePairedInterval', () => {
  it('Cavo 2012: −0.0621 (−0.1186 to −0.0046)', () => {
    const interval = newcombePairedInterval(cavo);
    expect(interval.estimate).toBeCloseTo(-0.0621, 4);
    expect(interval.lower).toBeCloseTo(-0.1186, 4);
    expect(interval.upper).toBeCloseTo(-0.0046, 4);
    expect(interval.n).toBe(161);
  });

  it('keeps a positive width when every pair agrees and stays inside [−1, 1]', () => {
    const allAgree = newcombePairedInterval({ bothSucceeded: 12, onlyPolicySucceeded: 0, onlyBaselineSucceeded: 0, bothFailed: 0 });
    expect(allAgree.estimate).toBe(0);
    expect(allAgree.lower!).toBeLessThan(0);
    expect(allAgree.upper!).toBeGreaterThan(0);
    const allFlip = newcombePairedInterval({ bothSucceeded: 0, onlyPolicySucceeded: 5, onlyBaselineSucceeded: 0, bothFailed: 0 });
    expect(allFlip.estimate).toBe(1);
    expect(allFlip.upper).toBe(1);
    expect(allFlip.lower!).toBeGreaterThan(0);
  });

  it('is empty for no pairs', () => {
    expect(newcombePairedInterval({ bothSucceeded: 0, onlyPolicySucceeded: 0, onlyBaselineSucceeded: 0, bothFailed: 0 })).toMatchObject({ estimate: null, n: 0 });
  });
});

describe('pairedBinaryTable', () => {
  it('counts agreements by task and refuses unpaired or non-binary input', () => {
    expect(pairedBinaryTable([1, 1, 0, 0, 1], [1, 0, 1, 0, 0])).toEqual({ bothSucceeded: 1, onlyPolicySucceeded: 2, onlyBaselineSucceeded: 1, bothFailed: 1 });
    expect(() => pairedBinaryTable([1, 0], [1])).toThrow('baseline.length = 1: must equal policy.length (2)');
    expect(() => pairedBinaryTable([1, 0.5], [1, 1])).toThrow('policy[1] = 0.5: a binary metric takes 0 or 1');
  });
});
