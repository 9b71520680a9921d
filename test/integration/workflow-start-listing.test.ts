import { execFile } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { killWorkerProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { until } from '../support/until';
import { findTemporalCli } from '../../client/temporal-server';

/**
 * A run started with plain `temporal workflow start` (no `run` command, so no memo or search
 * attribute from the client) on a real dev server, taken by a real worker process: the workflow
 * sets its own search attributes and memo, so `temporal workflow list --query` finds it by
 * environment, seed, status, iteration and final Δ, and `status` names its environment, config
 * and work dir.
 */
jest.setTimeout(300_000);

const run = promisify(execFile);
let server: DevServer;
let worker: WorkerProcess | undefined;
let workflowId: string;
let configFile: string;
let workDir: string;

async function listIds(query: string): Promise<string[]> {
  const { stdout } = await run(findTemporalCli(), ['workflow', 'list', '--address', server.address, '--query', query, '--output', 'json']);
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as { execution: { workflowId: string } }[]).map((e) => e.execution.workflowId);
}

beforeAll(async () => {
  server = await startDevServer();
  const root = mkdtempSync(path.join(os.tmpdir(), 'workflow-start-'));
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs/quickstart.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  configFile = path.join(root, 'quickstart.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const planned = await runCli(['input', '--config', configFile, '--work-dir', path.join(root, 'out'), '--seed', '5', '--episodes', '4', '--num-iterations', '1'], { env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });
  expect(planned.exitCode).toBe(0);
  const { workflowId: id, input } = JSON.parse(planned.stdout.trim().split('\n')[0]) as { workflowId: string; input: { workDir: string } };
  workflowId = id;
  workDir = input.workDir;
  await run(findTemporalCli(), ['workflow', 'start', '--address', server.address, '--type', 'benchmarkRun', '--task-queue', 'autopilot-benchmarks', '--workflow-id', workflowId, '--input', JSON.stringify(input)]);
  worker = await startWorkerProcess(server.address, { AUTOPILOT_BENCH_STATE_DIR: server.stateDir });
  await until('the run to complete', async () => (await listIds(`WorkflowId="${workflowId}" AND ExecutionStatus="Completed"`)).length === 1, 240_000);
});

afterAll(async () => {
  if (worker) await killWorkerProcess(worker.child);
  await server?.stop();
});

test('temporal workflow list finds the run by the search attributes its workflow set', async () => {
  expect(await listIds('Environment="ner_conllpp_v0"')).toEqual([workflowId]);
  expect(await listIds('Environment="ner_conllpp_v0" AND Seed=5 AND BenchConfig="quickstart.yaml"')).toEqual([workflowId]);
  expect(await listIds('BenchStatus="completed" AND CurrentIteration=1')).toEqual([workflowId]);
  expect(await listIds('FinalDelta IS NOT NULL')).toEqual([workflowId]);
  // a filter that must not match: another environment
  expect(await listIds('Environment="babyai_goto_v0"')).toEqual([]);
});

test('the run page shows the phase as current details (the workflow metadata query)', async () => {
  const connection = await Connection.connect({ address: server.address });
  try {
    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toMatch(/^\*\*completed\*\* — iteration 1 of 1\n\nlatest test metric \d\.\d{3} \(iteration 1\)$/);
  } finally {
    await connection.close();
  }
});

test('status names the environment, config and work dir of a run the CLI did not start', async () => {
  const result = await runCli(['status', workflowId], { env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir }, timeoutMs: 60_000 });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('environment: ner_conllpp_v0');
  expect(result.stdout).toContain(`config:      ${configFile}`);
  expect(result.stdout).toContain(`work dir:    ${workDir}`);
});
