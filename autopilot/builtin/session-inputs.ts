/** What a session's analysis reads from the train gateway: the config and the stored inferences of every function. */
import type { StoredInferenceWithFeedback } from '../../gateway/wire';
import { userFunctionNames, type ConfigSnapshot } from './strategy/config-types';
import type { TrainDataSource } from './strategy/train-data-source';

export interface SessionInputs {
  snapshot: ConfigSnapshot;
  inferencesByFunction: Record<string, StoredInferenceWithFeedback[]>;
}

/** Config plus inferences of every function; partial if the session stops meanwhile (the caller sees it stale). */
export async function readSessionInputs(dataSource: TrainDataSource, inferenceLimit: number, isStale: () => boolean): Promise<SessionInputs> {
  const snapshot = await dataSource.getConfig();
  const inferencesByFunction: Record<string, StoredInferenceWithFeedback[]> = {};
  for (const name of userFunctionNames(snapshot.config)) {
    if (isStale()) break;
    inferencesByFunction[name] = inContentOrder(await dataSource.listInferences(name, inferenceLimit));
  }
  return { snapshot, inferencesByFunction };
}

/**
 * The inferences sorted by what they hold (input, variant, output, feedback), not by when they
 * were stored: concurrent episodes reach the gateway in a different order on every run, and the
 * analysis, few-shot picks and selection examples all walk this list, so the same data must give
 * the same list for a seeded run to repeat itself. Equal entries differ only in their ids.
 */
export function inContentOrder(inferences: StoredInferenceWithFeedback[]): StoredInferenceWithFeedback[] {
  const keyed = inferences.map((i) => ({ i, key: JSON.stringify([i.input, i.variant_name, i.output, sortedEntries(i.feedback ?? {})]) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.i);
}

function sortedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
