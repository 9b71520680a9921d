/**
 * The per-task outcomes of each test evaluation, kept under `results/evaluation/` (checkpointed
 * with the other results), so later iterations compare against the baseline's own values.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from '../common/atomic-write';
import { iterationDirName, resultsDir } from '../results/paths';
import type { TaskOutcome } from './outcomes';

export interface OutcomesFile {
  iteration: number;
  repeats: number;
  /** the variant pinned per task */
  variant_by_task: Record<string, string>;
  outcomes: TaskOutcome[];
}

export const outcomesFilePath = (workDir: string, iteration: number) => path.join(resultsDir(workDir), 'evaluation', `${iterationDirName(iteration)}.json`);

export async function writeOutcomes(workDir: string, file: OutcomesFile): Promise<void> {
  await writeJsonAtomic(outcomesFilePath(workDir, file.iteration), file);
}

/** The outcomes of `iteration`, or null when that evaluation left none (e.g. a restored snapshot's baseline). */
export async function readOutcomes(workDir: string, iteration: number): Promise<OutcomesFile | null> {
  try {
    return JSON.parse(await fs.readFile(outcomesFilePath(workDir, iteration), 'utf8')) as OutcomesFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
