import * as path from 'node:path';
import { writeFileAtomic } from '../common/atomic-write';
import { getLogger } from '../common/logger';
import type { EpisodeResult } from './types';

const log = getLogger('rollouts');

/**
 * Writes `episode_timings.jsonl` and, when there were failures, `failed_episodes.jsonl`
 * (original-harness.md §6.8). Both are written whole and atomically, so a rollout that is
 * redone after a crash replaces its files instead of appending a second copy. Write errors
 * are logged, not raised, as in the original.
 */
export async function writeEpisodeFiles(outputDir: string, results: EpisodeResult[]): Promise<void> {
  const byEpisode = [...results].sort((a, b) => a.episode_num - b.episode_num);
  const timings = byEpisode
    .map((r) => JSON.stringify({ episode_num: r.episode_num, success: r.success, variant_name: r.variant_name, error_type: r.error_type, timing: r.timing }))
    .join('\n');
  try {
    await writeFileAtomic(path.join(outputDir, 'episode_timings.jsonl'), timings ? timings + '\n' : '');
    const failed = byEpisode.filter((r) => !r.success);
    if (failed.length > 0) {
      await writeFileAtomic(path.join(outputDir, 'failed_episodes.jsonl'), failed.map(({ usage: _usage, ...original }) => JSON.stringify(original)).join('\n') + '\n');
    }
  } catch (err) {
    log.error({ err: String(err), outputDir }, 'could not write episode files');
  }
}
