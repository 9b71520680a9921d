/**
 * Task selection (original-harness.md §6.3): with a seed, episode k's task index is drawn
 * uniformly from a generator seeded with `seed + k`, so every rollout of a run sees the same
 * task sequence; without a seed the draw is not reproducible. In unique-tasks mode episode k
 * gets task k-1 and the episode count is capped at the number of tasks.
 */
import { mulberry32 } from '../common/mulberry32';

export interface TaskPlan {
  /** episodes to run (may be fewer than requested in unique-tasks mode) */
  episodes: number;
  /** task index per episode number (1-based), or undefined for environments without tasks */
  taskIndex(episodeNum: number): number | undefined;
}

export function planTasks(options: { requested: number; numTasks: number | null; seed: number | null; uniqueTasks: boolean }): TaskPlan {
  const { requested, numTasks, seed, uniqueTasks } = options;
  if (numTasks === null || numTasks <= 0) return { episodes: requested, taskIndex: () => undefined };
  if (uniqueTasks) return { episodes: Math.min(requested, numTasks), taskIndex: (k) => k - 1 };
  return {
    episodes: requested,
    taskIndex: (k) => {
      const random = seed === null ? Math.random() : mulberry32(seed + k)();
      return Math.floor(random * numTasks);
    },
  };
}
