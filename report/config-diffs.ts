import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listFiles, statOrNull } from '../checkpoints/file-tree';
import { diffLines, type DiffLine } from './text-diff';

/** The change to one file of the gateway config directory between two iterations. */
export interface FileDiff {
  file: string;
  status: 'added' | 'removed' | 'changed';
  lines: DiffLine[];
}

/** Every file under `dir`, relative paths to contents; an absent dir is empty. */
async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (!(await statOrNull(dir))) return files;
  for (const rel of await listFiles(dir)) files.set(rel, await fs.readFile(path.join(dir, rel), 'utf8'));
  return files;
}

/** The text diff of each file that differs between two config directories, sorted by path. */
export async function diffConfigDirs(beforeDir: string, afterDir: string): Promise<FileDiff[]> {
  const [before, after] = await Promise.all([readTree(beforeDir), readTree(afterDir)]);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const file of names) {
    const a = before.get(file);
    const b = after.get(file);
    if (a === b) continue;
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    diffs.push({ file, status, lines: diffLines(a ?? '', b ?? '') });
  }
  return diffs;
}
