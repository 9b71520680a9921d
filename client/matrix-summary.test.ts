import { matrixCells, renderMatrixSummary } from './matrix-summary';
import type { PlannedRun } from './run-inputs';
import type { BenchmarkRunResult } from '../workflows/shared';

function planned(config: string, env: string, seed: number): PlannedRun {
  return { workflowId: `${env}-${seed}`, input: { runId: `${config}:${env}:${seed}`, configPath: `/cfg/${config}`, env: { name: env }, seed } } as unknown as PlannedRun;
}

const runs = [planned('a.yaml', 'ner', 1), planned('a.yaml', 'ner', 2), planned('a.yaml', 'babyai', 1), planned('b.yaml', 'ner', 1)];

test('cells group the runs per (config, environment) in plan order; the same environment in two configs is two cells', () => {
  expect(matrixCells(runs).map((cell) => [cell.config, cell.environment, cell.runs.map((r) => r.input.seed)])).toEqual([
    ['/cfg/a.yaml', 'ner', [1, 2]],
    ['/cfg/a.yaml', 'babyai', [1]],
    ['/cfg/b.yaml', 'ner', [1]],
  ]);
});

test('the summary counts completed runs per cell; a cell with fewer than two completed seeds gets no comparison', async () => {
  const done = { workDir: '/nowhere' } as BenchmarkRunResult;
  const outcomes = new Map(runs.map((run) => [run.input.runId, run.input.seed === 2 ? null : done]));
  expect((await renderMatrixSummary(matrixCells(runs), outcomes)).split('\n')).toEqual([
    'Matrix: 4 runs in 3 cells',
    'config  environment  seeds  completed',
    'a.yaml  ner          1,2    1/2',
    'a.yaml  babyai       1      1/1',
    'b.yaml  ner          1      1/1',
  ]);
});
