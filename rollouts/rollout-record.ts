import { getLogger } from '../common/logger';
import { variantMetrics } from '../results/stats';
import { writeEpisodeFiles } from './episode-files';
import type { EpisodeResult, RolloutResult, RolloutStats } from './types';

const log = getLogger('rollouts');

/**
 * Records a finished rollout: the summary with per-variant metrics, the per-episode files in
 * `outputDir`, a warning when a metric is 0 everywhere, and one log line with the counts.
 */
export async function recordRollout(outputDir: string, results: EpisodeResult[]): Promise<RolloutResult> {
  const summary = summarise(results);
  await writeEpisodeFiles(outputDir, results);
  warnOnAllZeroMetrics(summary);
  log.info(
    { total: summary.total, succeeded: summary.succeeded, failed: summary.failed, errors: summary.error_counts, outputDir },
    `rollout finished: ${summary.succeeded}/${summary.total} episodes succeeded (${pct(summary.succeeded, summary.total)}), ${summary.failed} failed (${pct(summary.failed, summary.total)})`,
  );
  return { ...summary, episode_results: results };
}

function summarise(results: EpisodeResult[]): RolloutStats {
  const error_counts: Record<string, number> = {};
  for (const r of results) if (!r.success && r.error_type) error_counts[r.error_type] = (error_counts[r.error_type] ?? 0) + 1;
  const succeeded = results.filter((r) => r.success).length;
  return { total: results.length, succeeded, failed: results.length - succeeded, error_counts, variant_metrics: variantMetrics(results) };
}

/** Every value 0 over several successful episodes usually means the grading is broken, not the model. */
function warnOnAllZeroMetrics(summary: RolloutStats): void {
  if (summary.succeeded < 3) return;
  for (const [metric, stats] of Object.entries(summary.variant_metrics)) {
    const means = Object.values(stats.variants).map((v) => v.mean);
    if (means.length > 0 && means.every((m) => m === 0)) {
      log.warn({ metric }, `every value of metric "${metric}" is 0.0 across ${summary.succeeded} successful episodes — grading may be broken`);
    }
  }
}

function pct(n: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * n) / total).toFixed(1)}%`;
}
