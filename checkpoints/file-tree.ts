import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDir } from '../gateway/dir-swap';

/** Small file-system helpers for whole trees. */

export async function statOrNull(p: string) {
  return fs.stat(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

/** Copies the directory `source` to `dest` (which must not exist yet, or be an empty dir). */
export async function copyTree(source: string, dest: string): Promise<void> {
  await fs.cp(source, dest, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, errorOnExist: true, force: false });
}

/** Every file under `root`, relative, `/`-separated, sorted; symlinks count as files. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
      else out.push(rel);
    }
  };
  await walk(root, '');
  return out.sort();
}

/** Renames `dir` aside before deleting it, so it is never seen half-deleted. */
export async function removeDirAtomically(dir: string): Promise<void> {
  if (!(await statOrNull(dir))) return;
  const trash = path.join(path.dirname(dir), `.${path.basename(dir)}.removed-${randomBytes(5).toString('hex')}`);
  await fs.rename(dir, trash);
  await removeDir(trash);
}
