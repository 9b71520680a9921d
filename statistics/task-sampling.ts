/**
 * Seeded task sampling: which tasks of a split a run evaluates. The sample is a uniform draw
 * without replacement over the whole split, so it is spread over the split rather than its
 * first N, and different seeds give independent draws rather than shifted windows.
 */
import { randomInt, seededRandom } from './seeded-random';
import { StatisticsInputError } from './types';

/** The stream name under which task samples are drawn; changing it changes every sample. */
export const TASK_SAMPLE_STREAM = 'task-sample';

/**
 * `num` distinct task indices in 0..splitSize−1, drawn by `seed`, returned in ascending order
 * (the order a reader looks them up in; pairing does not depend on order). Partial
 * Fisher–Yates over a sparse swap table: O(num) time and memory whatever the split size.
 * `num` larger than the split is refused: the caller decides whether to cap or to repeat.
 */
export function sampleTaskIndices(options: { splitSize: number; num: number; seed: number }): number[] {
  const { splitSize, num, seed } = options;
  if (!Number.isSafeInteger(splitSize) || splitSize < 0) throw new StatisticsInputError('splitSize', splitSize, 'must be a non-negative integer');
  if (!Number.isSafeInteger(num) || num < 0) throw new StatisticsInputError('num', num, 'must be a non-negative integer');
  if (num > splitSize) throw new StatisticsInputError('num', num, `cannot draw more tasks than the split holds (${splitSize}) without replacement`);
  const random = seededRandom(seed, TASK_SAMPLE_STREAM);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const chosen: number[] = [];
  for (let i = 0; i < num; i++) {
    const j = i + randomInt(random, splitSize - i);
    const pick = at(j);
    swapped.set(j, at(i));
    chosen.push(pick);
  }
  return chosen.sort((a, b) => a - b);
}
