/**
 * Task selection (original-harness.md §6.3): with a seed, the episodes' task indices are one
 * sequence of uniform draws from the seed's own generator (statistics/seeded-random.ts), so
 * every rollout of a run sees the same task sequence and different seeds draw independently
 * (the original seeded episode k with `seed + k`, so seed s + 1 replayed seed s shifted by one);
 * without a seed the draw is not reproducible. In unique-tasks mode episode k gets task k-1 and
 * the episode count is capped at the number of tasks. Environments without a task list
 * (generated games) get, with a seed, a seeded game key per episode as their task index, so
 * their train games repeat too; without a seed they pick their own.
 */
import { randomInt, seededGameKeys, seededRandom } from '../statistics/seeded-random';

/** Stream name of train task draws; changing it changes every seeded train task sequence. */
export const TRAIN_TASK_STREAM = 'train-tasks';

export interface TaskPlan {
  /** episodes to run (may be fewer than requested in unique-tasks mode) */
  episodes: number;
  /** task index per episode number (1-based) — a game key for environments without a task list — or undefined when the environment picks */
  taskIndex(episodeNum: number): number | undefined;
}

export function planTasks(options: { requested: number; numTasks: number | null; seed: number | null; uniqueTasks: boolean }): TaskPlan {
  const { requested, numTasks, seed, uniqueTasks } = options;
  if (numTasks === null || numTasks <= 0) {
    if (seed === null) return { episodes: requested, taskIndex: () => undefined };
    const keys = seededGameKeys(seed, TRAIN_TASK_STREAM, requested);
    return { episodes: requested, taskIndex: (k) => keys[k - 1] };
  }
  if (uniqueTasks) return { episodes: Math.min(requested, numTasks), taskIndex: (k) => k - 1 };
  if (seed === null) return { episodes: requested, taskIndex: () => Math.floor(Math.random() * numTasks) };
  const random = seededRandom(seed, TRAIN_TASK_STREAM);
  const sequence = Array.from({ length: requested }, () => randomInt(random, numTasks));
  return { episodes: requested, taskIndex: (k) => sequence[k - 1] };
}
