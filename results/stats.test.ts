import { errorCounts, mergeErrorCounts, metricsFromPerformances, sampleStd, variantMetrics, type EpisodeOutcome } from './stats';

const episode = (success: boolean, variant_name: string | null, feedback_values: Record<string, number[]>): EpisodeOutcome => ({
  success,
  variant_name,
  feedback_values,
});

describe('variantMetrics', () => {
  const episodes = [
    episode(true, 'A', { exact_match: [1], count: [2, 4] }),
    episode(true, 'A', { exact_match: [0] }),
    episode(true, 'A', { exact_match: [1] }),
    episode(true, 'B', { exact_match: [1] }),
    episode(false, 'B', { exact_match: [0] }), // failed: ignored
    episode(true, null, {}), // no values: its variant is omitted
  ];

  it('computes mean, sample std, n, n_episodes and a 95% CI per variant and metric', () => {
    const metrics = variantMetrics(episodes);
    // A: [1, 0, 1] → mean 2/3, variance (1/9 + 4/9 + 1/9)/2 = 1/3, ci = 1.96·√(1/3)/√3 = 1.96/3
    expect(metrics.exact_match.variants.A.mean).toBeCloseTo(2 / 3, 12);
    expect(metrics.exact_match.variants.A.std).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(metrics.exact_match.variants.A.ci_error).toBeCloseTo(1.96 / 3, 12);
    expect(metrics.exact_match.variants.A).toMatchObject({ n: 3, n_episodes: 3 });
    // B: a single value → std 0, ci 0
    expect(metrics.exact_match.variants.B).toEqual({ mean: 1, std: 0, n: 1, n_episodes: 1, ci_error: 0 });
    expect(metrics.exact_match).toMatchObject({ n: 4, n_episodes: 5 });
  });

  it('covers every feedback name; n_episodes counts the variant episodes with or without values', () => {
    const metrics = variantMetrics(episodes);
    expect(Object.keys(metrics).sort()).toEqual(['count', 'exact_match']);
    // count, A: [2, 4] → mean 3, std √2, ci = 1.96·√2/√2 = 1.96
    expect(metrics.count.variants.A.mean).toBe(3);
    expect(metrics.count.variants.A.std).toBeCloseTo(Math.SQRT2, 12);
    expect(metrics.count.variants.A.ci_error).toBeCloseTo(1.96, 12);
    expect(metrics.count.variants.A).toMatchObject({ n: 2, n_episodes: 3 });
    expect(Object.keys(metrics.count.variants)).toEqual(['A']);
    expect(metrics.count).toMatchObject({ n: 2, n_episodes: 5 });
    expect(metrics.exact_match.variants.unknown).toBeUndefined();
  });

  it('groups episodes without a variant name under "unknown"', () => {
    expect(Object.keys(variantMetrics([episode(true, null, { m: [0.5] })]).m.variants)).toEqual(['unknown']);
  });

  it('is empty when no episode succeeded', () => {
    expect(variantMetrics([episode(false, 'A', { m: [1] })])).toEqual({});
  });
});

describe('sampleStd', () => {
  it('divides by n-1 and is 0 for one value', () => {
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([5])).toBe(0);
  });
});

describe('metricsFromPerformances', () => {
  it('maps gateway rows to {mean, std, n, ci_error} without n_episodes, summing the counts', () => {
    const rows = [
      { period_start: '1970-01-01T00:00:00Z', variant_name: 'initial', count: 100, avg_metric: 0.62, stdev: 0.49, ci_error: 0.096 },
      { period_start: '1970-01-01T00:00:00Z', variant_name: 'v2', count: 40, avg_metric: 0.8, stdev: 0.4, ci_error: 0.124 },
    ];
    expect(metricsFromPerformances('exact_match', rows)).toEqual({
      exact_match: {
        variants: {
          initial: { mean: 0.62, std: 0.49, n: 100, ci_error: 0.096 },
          v2: { mean: 0.8, std: 0.4, n: 40, ci_error: 0.124 },
        },
        n: 140,
      },
    });
  });

  it('gives empty variants and n 0 for no rows, and null for a missing stdev/ci', () => {
    expect(metricsFromPerformances('success', [])).toEqual({ success: { variants: {}, n: 0 } });
    const [row] = [{ period_start: 'x', variant_name: 'a', count: 1, avg_metric: 1 }];
    expect(metricsFromPerformances('success', [row]).success.variants.a).toEqual({ mean: 1, std: null, n: 1, ci_error: null });
  });
});

describe('error counts', () => {
  it('counts failed episodes per error type, skipping untyped failures', () => {
    const results = [
      { success: false, error_type: 'TimeoutError' },
      { success: false, error_type: 'TimeoutError' },
      { success: false, error_type: null },
      { success: true, error_type: null },
      { success: false, error_type: 'HTTPStatusError' },
    ];
    expect(errorCounts(results)).toEqual({ TimeoutError: 2, HTTPStatusError: 1 });
  });

  it('merges by summing per type', () => {
    expect(mergeErrorCounts({ a: 1, b: 2 }, { b: 3, c: 1 }, {})).toEqual({ a: 1, b: 5, c: 1 });
  });
});
