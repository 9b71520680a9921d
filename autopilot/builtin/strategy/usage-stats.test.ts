import { usageStats } from './usage-stats';
import { nerInference } from '../../../test/fixtures/ner-train-data';

describe('usageStats', () => {
  it('sums and averages cost and tokens and takes latency quantiles', () => {
    const inferences = [100, 200, 300, 400, 1000].map((ms, i) => ({
      ...nerInference(i, `s${i}`, { person: [] }, {}),
      processing_time_ms: ms,
      usage: { input_tokens: 100, output_tokens: 10 * (i + 1), ...(i < 4 ? { cost: 0.001 } : {}) },
    }));
    const stats = usageStats(inferences);
    expect(stats.costTotalUsd).toBeCloseTo(0.004);
    expect(stats.costMeanUsd).toBeCloseTo(0.001);
    expect(stats.costKnownCount).toBe(4);
    expect(stats.outputTokensMean).toBe(30);
    expect(stats.latencyP50Ms).toBe(300);
    expect(stats.latencyP90Ms).toBeCloseTo(760);
  });

  it('reports nulls without data', () => {
    expect(usageStats([])).toMatchObject({ costTotalUsd: null, latencyP50Ms: null, inputTokensMean: null });
  });
});
