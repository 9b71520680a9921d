import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isS3Url } from '../common/s3-location';
import { removeDir } from '../gateway/dir-swap';
import type { CheckpointStore } from './checkpoint-store';
import { FsCheckpointStore } from './fs-checkpoint-store';
import { S3CheckpointStore, type S3CheckpointStoreOptions } from './s3-checkpoint-store';

/** The store for a run's checkpoint root: `s3://...` → S3 (client from the AWS variables), else a directory. */
export function openCheckpointStore(root: string, options: S3CheckpointStoreOptions = {}): CheckpointStore {
  return isS3Url(root) ? new S3CheckpointStore(root, options) : new FsCheckpointStore(root);
}

/**
 * Runs `use` with a local directory holding the checkpoint `checkpointDir` (`CheckpointRef.dir`):
 * the directory itself, or for an `s3://` checkpoint a download into a temp dir under
 * `scratchDir` that is removed afterwards. Restoring and snapshot export read local files only.
 */
export async function withLocalCheckpoint<T>(checkpointDir: string, scratchDir: string | undefined, use: (dir: string) => Promise<T>): Promise<T> {
  if (!isS3Url(checkpointDir)) return use(checkpointDir);
  const slash = checkpointDir.lastIndexOf('/');
  const store = new S3CheckpointStore(checkpointDir.slice(0, slash), { scratchDir });
  const parent = scratchDir ?? os.tmpdir();
  await fs.mkdir(parent, { recursive: true });
  const temp = await fs.mkdtemp(path.join(parent, '.checkpoint-download-'));
  try {
    const local = path.join(temp, checkpointDir.slice(slash + 1));
    await store.fetch(checkpointDir.slice(slash + 1), local);
    return await use(local);
  } finally {
    store.close();
    await removeDir(temp);
  }
}
