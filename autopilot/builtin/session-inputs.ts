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
    inferencesByFunction[name] = await dataSource.listInferences(name, inferenceLimit);
  }
  return { snapshot, inferencesByFunction };
}
