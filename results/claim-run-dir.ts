import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Creates the run's work dir and returns it; when another run already took that name (two runs
 * started in the same second), takes `<dir>_2`, `<dir>_3`, … instead. `mkdir` without
 * `recursive` fails on an existing dir, so two processes racing for one name never both get it.
 */
export async function claimRunDir(dir: string): Promise<string> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? dir : `${dir}_${n}`;
    try {
      await fs.mkdir(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
