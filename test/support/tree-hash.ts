import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A hash of every path and file's bytes below `dir`: equal hashes mean a byte-for-byte equal tree. */
export async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (current: string): Promise<void> => {
    const entries = (await fs.readdir(current, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const abs = path.join(current, entry.name);
      hash.update(`${path.relative(dir, abs)}\0${entry.isDirectory() ? 'd' : 'f'}\0`);
      if (entry.isDirectory()) await walk(abs);
      else hash.update(await fs.readFile(abs));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}
