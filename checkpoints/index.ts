export { CheckpointError, SnapshotError } from './errors';
export { checkpointRootFor, checkpointDirFor } from './layout';
export { readCheckpointManifest, validateCheckpoint, type CheckpointManifest, type CheckpointRef } from './manifest';
export { writeCheckpoint, type WriteCheckpointInput } from './write-checkpoint';
export { restoreCheckpoint, type RestoreCheckpointInput } from './restore-checkpoint';
export { latestCheckpoint } from './latest-checkpoint';
export { exportSnapshot, type ExportSnapshotInput } from './snapshot';
export * from './snapshot-files';
export { validateSnapshot } from './validate-snapshot';
