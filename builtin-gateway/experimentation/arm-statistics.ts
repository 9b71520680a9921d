import type { MetricSample } from '../store/types';
import type { ArmStatistics } from './types';

export interface ArmStatisticsOptions {
  level: 'inference' | 'episode';
  candidates: string[];
  /** only the most recent N values per variant count */
  maxSamplesPerVariant: number;
}

/**
 * Per-candidate count, mean and sample variance of a metric, as track-and-stop reads them:
 * every feedback row counts (no de-duplication per target); inference-level rows are
 * credited to the inference's variant; an episode-level row counts only when every
 * inference of the function in that episode used one variant. Non-candidates are ignored.
 */
export function armStatisticsFromSamples(samples: MetricSample[], options: ArmStatisticsOptions): ArmStatistics[] {
  // feedback row → (value, variants it touches)
  const byFeedback = new Map<number, { value: number; variants: Set<string> }>();
  for (const sample of samples) {
    const entry = byFeedback.get(sample.feedbackSeq) ?? { value: sample.value, variants: new Set<string>() };
    entry.variants.add(sample.variantName);
    byFeedback.set(sample.feedbackSeq, entry);
  }
  const values = new Map<string, { seq: number; value: number }[]>(options.candidates.map((c) => [c, []]));
  for (const [seq, { value, variants }] of byFeedback) {
    if (variants.size !== 1) continue; // mixed-variant episode
    const [variant] = variants;
    values.get(variant)?.push({ seq, value });
  }
  return options.candidates.map((variant) => {
    const recent = (values.get(variant) ?? [])
      .sort((a, b) => b.seq - a.seq)
      .slice(0, options.maxSamplesPerVariant)
      .map((x) => x.value);
    return { variant, ...meanAndVariance(recent) };
  });
}

export function meanAndVariance(values: number[]): { count: number; mean: number; variance: number } {
  const count = values.length;
  if (count === 0) return { count, mean: 0, variance: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = count < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
  return { count, mean, variance };
}
