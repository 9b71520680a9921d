import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PreflightProblem } from './preflight-error';

/** A directory the run will create or write to, and what names it (a flag or a config key). */
export interface WritableDir {
  dir: string;
  where: string;
}

/** The closest path at or above `dir` that exists (the one whose permissions decide whether `dir` can be created). */
async function nearestExisting(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await fs.stat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

const mib = (bytes: number) => `${Math.floor(bytes / 2 ** 20)} MiB`;

/**
 * Each directory can be created and written (a probe directory can be made in the closest
 * existing path), and its file system has at least `minFreeBytes` available: rollouts, gateway
 * databases and checkpoints are written there all run long.
 */
export async function checkWritableDirs(dirs: readonly WritableDir[], minFreeBytes: number): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const seen = new Set<string>();
  for (const { dir, where } of dirs) {
    const existing = await nearestExisting(dir);
    if (seen.has(existing)) continue;
    seen.add(existing);
    const stat = await fs.stat(existing);
    if (!stat.isDirectory()) {
      problems.push({ check: 'directory', where, message: `${existing} is a file, so ${dir} cannot be created` });
      continue;
    }
    try {
      // A real write rather than access(): root passes every permission check, yet a read-only mount still refuses it.
      await fs.rmdir(await fs.mkdtemp(path.join(existing, '.autopilot-benchmark-preflight-')));
    } catch (err) {
      problems.push({ check: 'directory', where, message: `${existing} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)}), so ${dir} cannot be created` });
      continue;
    }
    const fsStat = await fs.statfs(existing);
    const free = fsStat.bavail * fsStat.bsize;
    if (free < minFreeBytes) problems.push({ check: 'disk', where, message: `only ${mib(free)} free on the file system of ${existing}; a run needs at least ${mib(minFreeBytes)}` });
  }
  return problems;
}
