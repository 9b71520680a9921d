import type { EpisodeTimer } from './timing';
import type { EpisodeResult } from './types';

/** What a finished episode records. */
export function succeededResult(episodeNum: number, variant: string | null, feedback: Record<string, number[]>, timer: EpisodeTimer): EpisodeResult {
  return {
    episode_num: episodeNum,
    success: true,
    variant_name: variant,
    feedback_values: feedback,
    error_type: null,
    error_message: null,
    stack_trace: null,
    timestamp: null,
    timing: timer.snapshot(),
  };
}

/**
 * What a failed episode records: the error's name (its class for a plain `Error`), message and
 * stack, when it failed, and the feedback collected before the failure.
 */
export function failedResult(
  episodeNum: number,
  variant: string | null,
  err: unknown,
  timer: EpisodeTimer,
  feedback: Record<string, number[]> = {},
): EpisodeResult {
  const error = err instanceof Error ? err : new Error(String(err));
  return {
    episode_num: episodeNum,
    success: false,
    variant_name: variant,
    feedback_values: feedback,
    error_type: error.name === 'Error' ? error.constructor.name : error.name,
    error_message: error.message,
    stack_trace: error.stack ?? null,
    timestamp: new Date().toISOString(),
    timing: timer.snapshot(),
  };
}
