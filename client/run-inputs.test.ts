// planRuns on a config file written to a temp dir: one planned run per environment and seed,
// with distinct workflow ids and work dirs. Reads the config only; starts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planRuns } from './run-inputs';

let dir: string;
let config: string;
const now = new Date(Date.UTC(2026, 11, 3, 9, 30, 0));

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'run-inputs-'));
  config = path.join(dir, 'bench.yaml');
  writeFileSync(
    config,
    `environments:
  - name: ner_conllpp_v0
    function_name: ner_conllpp_v0::extract_entities
    metric_name: exact_match
    seeds: [2, 1]
  - name: babyai_pickup_v0
    function_name: babyai_pickup_v0::act
    metric_name: success
`,
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The workflow id without its run-id tail, which is checked separately (it ends in the run id's last 8 characters). */
function idStem(run: ReturnType<typeof planRuns>[number]): string {
  expect(run.workflowId.endsWith(`-${run.input.runId.slice(-8)}`)).toBe(true);
  return run.workflowId.slice(0, -9);
}
const summary = (runs: ReturnType<typeof planRuns>) => runs.map((run) => [idStem(run), path.relative(dir, run.input.workDir), run.input.seed]);

test('the YAML seeds give one run each; an environment without them runs once', () => {
  const runs = planRuns({ config, workDir: dir }, now);
  expect(summary(runs)).toEqual([
    ['bench-ner_conllpp_v0-20261203T093000Z-seed2', 'ner_conllpp_v0/20261203T093000Z_seed2', 2],
    ['bench-ner_conllpp_v0-20261203T093000Z-seed1', 'ner_conllpp_v0/20261203T093000Z_seed1', 1],
    ['bench-babyai_pickup_v0-20261203T093000Z', 'babyai_pickup_v0/20261203T093000Z', null],
  ]);
  expect(new Set(runs.map((run) => run.input.runId)).size).toBe(3);
});

test('--seeds applies to every selected environment; --seed makes it one run', () => {
  expect(summary(planRuns({ config, workDir: dir, env: 'babyai_pickup_v0', seeds: [7, 8] }, now))).toEqual([
    ['bench-babyai_pickup_v0-20261203T093000Z-seed7', 'babyai_pickup_v0/20261203T093000Z_seed7', 7],
    ['bench-babyai_pickup_v0-20261203T093000Z-seed8', 'babyai_pickup_v0/20261203T093000Z_seed8', 8],
  ]);
  expect(summary(planRuns({ config, workDir: dir, env: 'ner_conllpp_v0', seed: 5 }, now))).toEqual([
    ['bench-ner_conllpp_v0-20261203T093000Z-seed5', 'ner_conllpp_v0/20261203T093000Z_seed5', 5],
  ]);
});

test('a snapshot is one run per environment without a seed', () => {
  const runs = planRuns({ config, workDir: dir, mode: 'snapshot', snapshotDir: path.join(dir, 'snap') }, now);
  expect(runs.map((run) => [idStem(run), run.input.seed])).toEqual([
    ['bench-snapshot-ner_conllpp_v0-20261203T093000Z', null],
    ['bench-snapshot-babyai_pickup_v0-20261203T093000Z', null],
  ]);
});

test('infra.checkpoint_dir: a directory is resolved against the cwd, an s3:// URL is kept as written', () => {
  const withCheckpointDir = (value: string) => {
    const file = path.join(dir, `ckpt.yaml`);
    writeFileSync(file, `infra:\n  checkpoint_dir: ${value}\nenvironments:\n  - name: ner_conllpp_v0\n    function_name: f\n    metric_name: m\n`);
    return planRuns({ config: file, workDir: dir, seed: 1 }, now)[0].input.checkpointRoot;
  };
  expect(withCheckpointDir('shared/ckpts')).toBe(path.resolve('shared/ckpts'));
  expect(withCheckpointDir('s3://bench-ckpts/team')).toBe('s3://bench-ckpts/team');
});
