/**
 * Per-task metric values of one test evaluation, read from the rollout's episode results by
 * the test plan (episode → task and repeat). This is what the paired comparison consumes and
 * what the run keeps for later iterations (results/evaluation/).
 */
import type { EpisodeResult } from '../rollouts/types';
import type { TestPlan } from './test-plan';

/** The configured metric as the environment declares it. */
export interface MetricDefinition {
  name: string;
  type: 'boolean' | 'float';
  optimize: 'max' | 'min';
  level: 'episode' | 'inference';
}

/** One task's values, one per repeat; null where a float metric has no value. */
export interface TaskOutcome {
  taskId: string;
  values: (number | null)[];
}

/** The value a boolean metric takes when an episode gives none: the worse of 0 and 1. */
export function failureValue(metric: MetricDefinition): number {
  return metric.optimize === 'max' ? 0 : 1;
}

/**
 * One episode's value of the metric. Boolean: a failed episode, or one without a value,
 * counts as the failure value; several values (an inference-level metric over several steps)
 * count as 1 only when every one is 1. Float: a failed episode or one without a value has
 * none (null, dropped pairwise later); several values are averaged.
 */
export function episodeValue(episode: Pick<EpisodeResult, 'success' | 'feedback_values'>, metric: MetricDefinition): number | null {
  const values = episode.success ? (episode.feedback_values[metric.name] ?? []) : [];
  if (metric.type === 'boolean') return values.length === 0 ? failureValue(metric) : values.every((v) => v === 1) ? 1 : 0;
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Every planned task with a value per repeat. Episodes that never produced a result (a
 * cancellation recorded as episode −1) leave their slot empty: failure value for boolean
 * metrics, null for float metrics.
 */
export function taskOutcomes(plan: TestPlan, episodes: readonly EpisodeResult[], metric: MetricDefinition): TaskOutcome[] {
  const empty = metric.type === 'boolean' ? failureValue(metric) : null;
  const byTask = new Map(plan.taskIds.map((taskId) => [taskId, Array.from({ length: plan.repeats }, (): number | null => empty)]));
  for (const episode of episodes) {
    if (episode.episode_num < 1 || episode.episode_num > plan.episodes) continue;
    const slot = plan.slot(episode.episode_num);
    byTask.get(slot.taskId)![slot.repeat] = episodeValue(episode, metric);
  }
  return plan.taskIds.map((taskId) => ({ taskId, values: byTask.get(taskId)! }));
}
