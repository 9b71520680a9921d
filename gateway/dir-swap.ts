import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Whole-directory atomic replacement: build the new contents in a sibling directory (same
 * file system, so renames are atomic), then swap it in. A reader sees either the old tree or
 * the new one, never a half-written mix.
 */

/** A fresh, empty sibling of `target` named `.<name>.<purpose>-<random>`. */
export async function makeSiblingDir(target: string, purpose: string): Promise<string> {
  const dir = siblingPath(target, purpose);
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.mkdir(dir);
  return dir;
}

function siblingPath(target: string, purpose: string): string {
  const resolved = path.resolve(target);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.${purpose}-${randomBytes(5).toString('hex')}`);
}

/** Copies `source` into a new sibling staging directory and returns it. */
export async function stageCopy(source: string): Promise<string> {
  const staging = siblingPath(source, 'staging');
  await fs.cp(source, staging, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  return staging;
}

/**
 * Moves `staged` to `target`. An existing `target` is first renamed to a backup, which is
 * put back if the second rename fails and removed once the new tree is in place.
 */
export async function swapDirectory(staged: string, target: string): Promise<void> {
  const resolved = path.resolve(target);
  const exists = await fs.stat(resolved).then(() => true, () => false);
  if (!exists) {
    await fs.rename(staged, resolved);
    return;
  }
  const backup = siblingPath(resolved, 'backup');
  await fs.rename(resolved, backup);
  try {
    await fs.rename(staged, resolved);
  } catch (err) {
    await fs.rename(backup, resolved);
    throw err;
  }
  await fs.rm(backup, { recursive: true, force: true });
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
