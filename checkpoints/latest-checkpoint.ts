import { FsCheckpointStore } from './fs-checkpoint-store';
import type { CheckpointRef } from './manifest';

/**
 * The checkpoint with the highest iteration under the directory `checkpointRoot`, or null when
 * there is none (see `FsCheckpointStore.latest`).
 */
export async function latestCheckpoint(checkpointRoot: string): Promise<CheckpointRef | null> {
  return new FsCheckpointStore(checkpointRoot).latest();
}
