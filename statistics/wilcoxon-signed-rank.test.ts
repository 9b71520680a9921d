import { wilcoxonSignedRank } from './wilcoxon-signed-rank';

describe('wilcoxonSignedRank', () => {
  // scipy.stats.wilcoxon documentation example: differences in height of cross- and
  // self-fertilised corn plants (Fisher, The Design of Experiments): statistic 24,
  // exact two-sided p = 0.041259765625; with method='approx' p = 0.04088813291185591.
  const corn = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

  it('exact p-value of the scipy documentation example', () => {
    const result = wilcoxonSignedRank(corn);
    expect(result).toMatchObject({ statistic: 24, positiveRankSum: 96, n: 15, zeros: 0, method: 'exact' });
    expect(result.pValue).toBeCloseTo(0.041259765625, 14);
  });

  it('normal approximation of the same example (scipy: 0.04088813291185591), and automatically above 50 pairs', () => {
    const approx = wilcoxonSignedRank(corn, { method: 'normal-approximation' });
    expect(approx).toMatchObject({ statistic: 24, method: 'normal-approximation' });
    expect(approx.pValue).toBeCloseTo(0.04088813291185591, 13);
    const distinct = Array.from({ length: 51 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    expect(wilcoxonSignedRank(distinct).method).toBe('normal-approximation');
    expect(wilcoxonSignedRank(distinct.slice(0, 50)).method).toBe('exact');
  });

  it('ties and zeros: zeros dropped, average ranks, tie-corrected variance (scipy 1.17 gives 0.014193490512728401)', () => {
    const result = wilcoxonSignedRank([1, 2, 2, 3, -1, 4, 0, 5, -2, 6, 7, 3]);
    expect(result).toMatchObject({ n: 11, zeros: 1, statistic: 5.5, method: 'normal-approximation' });
    expect(result.pValue).toBeCloseTo(0.014193490512728401, 12);
  });

  it('sign flips leave the p-value alone; all-zero differences give p = 1', () => {
    expect(wilcoxonSignedRank(corn.map((d) => -d)).pValue).toBeCloseTo(0.041259765625, 14);
    expect(wilcoxonSignedRank([0, 0, 0])).toMatchObject({ pValue: 1, n: 0, zeros: 3, method: 'no-nonzero-differences' });
  });
});
