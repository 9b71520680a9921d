import { aggregateRuns, type CompareReport } from './aggregate-runs';
import { findRunDirs } from './find-run-dirs';
import { loadRun } from './load-run';

/** `compare`'s whole job short of printing: find the run directories, read them, aggregate. */
export async function compareRunDirs(paths: readonly string[]): Promise<CompareReport> {
  const dirs = await findRunDirs(paths);
  const runs = [];
  for (const dir of dirs) runs.push(await loadRun(dir));
  return aggregateRuns(runs);
}
