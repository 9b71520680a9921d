import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runJsonPath } from '../results/paths';
import { CompareError } from './compare-error';

/** `<work-dir>/<env>/<timestamp>_seed<N>` sits two levels below a work dir; a little slack for wrapper folders. */
const MAX_SEARCH_DEPTH = 4;

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => null))?.isFile() ?? false;
}

async function search(dir: string, depth: number, found: string[]): Promise<void> {
  if (await isFile(runJsonPath(dir))) {
    found.push(dir);
    return; // a run directory holds no other runs
  }
  if (depth === MAX_SEARCH_DEPTH) return;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await search(path.join(dir, entry.name), depth + 1, found);
  }
}

/**
 * The run directories (those holding `results/run.json`) named by `paths`: each path is a run
 * directory itself or is searched up to four levels down. Every path must exist and yield at
 * least one run, so a typo never shrinks the set of seeds silently. Sorted, without repeats.
 */
export async function findRunDirs(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new CompareError('no-run-dirs', 'no directories given: name run directories or a directory that holds them');
  const all = new Set<string>();
  for (const given of paths) {
    const dir = path.resolve(given);
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new CompareError('no-run-dirs', `${given}: ${stat ? 'is not a directory' : 'no such directory'}`, { path: given });
    const found: string[] = [];
    await search(dir, 0, found);
    if (found.length === 0) {
      throw new CompareError('no-run-dirs', `${given}: no run directories found (a run directory holds results/run.json; searched ${MAX_SEARCH_DEPTH} levels down)`, { path: given });
    }
    for (const runDir of found) all.add(runDir);
  }
  return [...all].sort();
}
