import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDir, swapDirectory } from '../gateway/dir-swap';
import { byIteration, firstReadable, type CheckpointStore } from './checkpoint-store';
import { CheckpointError } from './errors';
import { copyTree, removeDirAtomically, statOrNull } from './file-tree';
import { MANIFEST_FILE } from './layout';
import { readCheckpointManifest, type CheckpointRef } from './manifest';

/**
 * Checkpoints as directories `<root>/iteration_NNN/` on a file system (the run's own, or one
 * several workers mount at the same path). A checkpoint is built in `<root>/.tmp-<random>` and
 * renamed into place, so readers see a whole checkpoint or none; dot-prefixed names (temp and
 * backup dirs a crash may leave) are ignored.
 */
export class FsCheckpointStore implements CheckpointStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async stage(): Promise<string> {
    await fs.mkdir(this.root, { recursive: true });
    const staged = path.join(this.root, `.tmp-${randomBytes(6).toString('hex')}`);
    await fs.mkdir(staged);
    return staged;
  }

  async publish(staged: string, name: string): Promise<string> {
    const dir = path.join(this.root, name);
    await swapDirectory(staged, dir);
    return dir;
  }

  async discard(staged: string): Promise<void> {
    await removeDir(staged);
  }

  async list(): Promise<string[]> {
    let entries;
    try {
      entries = await fs.readdir(this.root, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    const complete = [];
    for (const name of byIteration(names)) if (await statOrNull(path.join(this.root, name, MANIFEST_FILE))) complete.push(name);
    return complete;
  }

  async latest(): Promise<CheckpointRef | null> {
    const names = (await this.list()).reverse();
    return firstReadable(names, async (name) => {
      const dir = path.join(this.root, name);
      return { dir, manifest: await readCheckpointManifest(dir) };
    });
  }

  async fetch(name: string, localDir: string): Promise<void> {
    const dir = path.join(this.root, name);
    await readCheckpointManifest(dir); // only complete checkpoints are fetched
    if (await statOrNull(localDir)) throw new CheckpointError(localDir, [`cannot fetch ${dir} into ${localDir}: it already exists`], [localDir]);
    await copyTree(dir, localDir);
  }

  async remove(name: string): Promise<void> {
    const dir = path.join(this.root, name);
    await fs.rm(path.join(dir, MANIFEST_FILE), { force: true });
    await removeDirAtomically(dir);
  }

  close(): void {}
}
