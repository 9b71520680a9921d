/**
 * The run's fixed test plan: which tasks the paired evaluation runs, and which episode of a
 * test rollout runs which task and repeat. Every evaluation of a run (baseline and each
 * iteration) uses the same plan, so each task is seen by both sides of every comparison.
 */
import { seededGameKeys } from '../statistics/seeded-random';
import { sampleTaskIndices } from '../statistics/task-sampling';
import type { TaskPlan } from '../rollouts/task-selection';

/** Stream name of the test slots' game keys; changing it changes every seeded generated test game. */
export const TEST_GAME_STREAM = 'test-games';

/** Which task and repeat an episode runs. */
export interface TestSlot {
  taskId: string;
  /** the task's index; for environments without a task list, the slot's seeded game key */
  taskIndex: number;
  /** 0-based */
  repeat: number;
}

export interface TestPlan extends TaskPlan {
  /** the tasks in ascending order of their index */
  taskIds: string[];
  repeats: number;
  slot(episodeNum: number): TestSlot;
}

export interface TestPlanOptions {
  /** tasks in the test split; null when the environment has no task list */
  numTasks: number | null;
  /** `num_test_episodes`: tasks wanted (capped at the split's size) */
  requested: number;
  repeats: number;
  seed: number;
}

/**
 * `requested` tasks drawn without replacement from the whole split by `seed` (statistics'
 * seeded sampler), each run `repeats` times. Episodes go round by round: episode e runs task
 * (e − 1) mod n in round ⌊(e − 1) / n⌋, so a cut-short rollout still covers tasks evenly.
 * Without a task list (generated games such as 21 Questions) the "tasks" are episode slots
 * `slot-1…slot-N`, each with a game key drawn from the seed and passed as the task index, so a
 * slot plays the same game in every evaluation of the run and pairing by slot pairs like games.
 */
export function planTestEpisodes(options: TestPlanOptions): TestPlan {
  const { numTasks, requested, repeats, seed } = options;
  const indices = numTasks === null || numTasks <= 0 ? null : sampleTaskIndices({ splitSize: numTasks, num: Math.min(requested, numTasks), seed });
  const size = indices === null ? requested : indices.length;
  const taskIds = indices === null ? Array.from({ length: size }, (_, i) => `slot-${i + 1}`) : indices.map(String);
  const taskIndices = indices ?? seededGameKeys(seed, TEST_GAME_STREAM, size);
  const slot = (episodeNum: number): TestSlot => {
    const position = (episodeNum - 1) % size;
    return { taskId: taskIds[position], taskIndex: taskIndices[position], repeat: Math.floor((episodeNum - 1) / size) };
  };
  return { taskIds, repeats, episodes: size * repeats, slot, taskIndex: (episodeNum) => slot(episodeNum).taskIndex };
}
