import * as path from 'node:path';
import type { PlannedRun } from './run-inputs';
import type { BenchmarkRunResult } from '../workflows/shared';
import { compareRunDirs } from '../compare/compare-runs';
import { CompareError } from '../compare/compare-error';
import { renderCompareTable } from '../compare/render-table';

/** One cell of a run matrix: the runs of one environment of one config, one per seed. */
export interface MatrixCell {
  config: string;
  environment: string;
  runs: PlannedRun[];
}

/** The matrix's cells in plan order (config by config, environment by environment). */
export function matrixCells(runs: readonly PlannedRun[]): MatrixCell[] {
  const cells = new Map<string, MatrixCell>();
  for (const run of runs) {
    const key = JSON.stringify([run.input.configPath, run.input.env.name]);
    const cell = cells.get(key) ?? { config: run.input.configPath, environment: run.input.env.name, runs: [] };
    cell.runs.push(run);
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** How each planned run ended: its result, or null when it failed (or was cancelled). */
export type Outcomes = ReadonlyMap<string, BenchmarkRunResult | null>;

/**
 * The summary printed once every run of the matrix has ended: per cell, how many seeds completed,
 * then for each cell with two or more completed seeds the `compare` table over them. A matrix of
 * one cell keeps the plain `Across seeds` heading that a single `run --seeds` always printed.
 */
export async function renderMatrixSummary(cells: readonly MatrixCell[], outcomes: Outcomes): Promise<string> {
  const sections: string[] = [];
  const many = cells.length > 1;
  if (many) sections.push(renderCounts(cells, outcomes));
  for (const cell of cells) {
    const finished = cell.runs.flatMap((run) => outcomes.get(run.input.runId) ?? []);
    if (finished.length < 2) continue;
    const heading = many ? `Across seeds: ${cell.environment} (${path.basename(cell.config)})` : 'Across seeds';
    sections.push(await acrossSeeds(heading, finished.map((result) => result.workDir)));
  }
  return sections.join('\n');
}

function renderCounts(cells: readonly MatrixCell[], outcomes: Outcomes): string {
  const rows = cells.map((cell) => {
    const completed = cell.runs.filter((run) => outcomes.get(run.input.runId)).length;
    const seeds = cell.runs.map((run) => (run.input.seed === null ? '-' : String(run.input.seed))).join(',');
    return [path.basename(cell.config), cell.environment, seeds, `${completed}/${cell.runs.length}`];
  });
  const header = ['config', 'environment', 'seeds', 'completed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const total = cells.reduce((n, cell) => n + cell.runs.length, 0);
  return [`Matrix: ${total} runs in ${cells.length} cells`, line(header), ...rows.map(line)].join('\n');
}

/** The `compare` table over one cell's seeds; if they cannot be compared (no paired records), why. */
async function acrossSeeds(heading: string, workDirs: string[]): Promise<string> {
  try {
    return `${heading}\n${renderCompareTable(await compareRunDirs(workDirs))}`;
  } catch (err) {
    if (err instanceof CompareError) return `${heading}: not aggregated — ${err.message}`;
    throw err;
  }
}
