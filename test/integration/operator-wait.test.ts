import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli, spawnCli, type RunningCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { killWorkerProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { until } from '../support/until';
import { writeQuickstartConfig } from '../fixtures/quickstart-config';

/**
 * The operator decision through the real CLI, a real dev server and real worker processes.
 * The harness-side failure is real too: once the baseline checkpoint is written, the run's
 * checkpoint directory is replaced by a plain file, so iteration 1's checkpoint cannot be
 * written (what a full or read-only disk does). Workers are killed with SIGKILL, and `status`
 * and `retry` / `abort` must work with no worker at all. Answer times are printed, never asserted.
 */
jest.setTimeout(400_000);

let server: DevServer;
let connection: Connection;
let client: Client;
let stateDir: string;
let root: string;
let configFile: string;
const workers: WorkerProcess[] = [];
const answerSeconds: Record<string, number> = {};

const cliEnv = () => ({ TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: stateDir });
const cli = (args: string[]) => runCli(args, { env: cliEnv(), timeoutMs: 60_000 });
const runJson = (workDir: string) => JSON.parse(readFileSync(path.join(workDir, 'results/run.json'), 'utf8'));

async function startWorker(): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(server.address, { AUTOPILOT_BENCH_STATE_DIR: stateDir });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'wait-state-'));
  root = mkdtempSync(path.join(os.tmpdir(), 'wait-out-'));
  configFile = writeQuickstartConfig(path.join(root, 'wait.yaml'), (quickstart) => {
    quickstart.infra = { ...quickstart.infra, failure_decision_timeout: 600 }; // the test decides long before
    Object.assign(quickstart.environments[0], { num_iterations: 1, episodes_per_iteration: 4, test_episodes_per_iteration: 4 });
  });
}, 180_000);

/** SIGTERM: an orderly stop, so the worker stops the gateways it holds. */
async function stopLiveWorkers(): Promise<void> {
  await Promise.all(
    workers.filter(({ child }) => child.exitCode === null && child.signalCode === null).map(({ child }) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')))),
  );
}

// Each test starts with no worker: "no worker alive" must mean none.
afterEach(stopLiveWorkers);

afterAll(async () => {
  await stopLiveWorkers();
  await connection?.close();
  await server?.stop();
});

interface StartedRun {
  run: RunningCli;
  workflowId: string;
  workDir: string;
}

/** `run --remote-workers` in the background: the run survives its workers, and its output is watched. */
async function startRun(name: string): Promise<StartedRun> {
  const workRoot = path.join(root, name);
  const run = spawnCli(['run', '--config', configFile, '--work-dir', workRoot, '--remote-workers'], { env: cliEnv() });
  const workflowId = await until('the workflow id', () => /started workflow (bench-\S+)/.exec(run.output())?.[1]);
  const envDir = path.join(workRoot, 'ner_conllpp_v0');
  const workDir = path.join(envDir, await until('the work dir', () => readdirSync(envDir)[0]));
  return { run, workflowId, workDir };
}

/** After the baseline checkpoint: a file where the checkpoint dir was, so the next checkpoint fails. */
async function breakCheckpointsAfterBaseline(workDir: string): Promise<void> {
  await until('the baseline checkpoint', () => existsSync(path.join(workDir, 'checkpoints/iteration_000/checkpoint.json')));
  renameSync(path.join(workDir, 'checkpoints'), path.join(workDir, 'checkpoints.saved'));
  writeFileSync(path.join(workDir, 'checkpoints'), 'not a directory');
}

function repairCheckpoints(workDir: string): void {
  rmSync(path.join(workDir, 'checkpoints'));
  renameSync(path.join(workDir, 'checkpoints.saved'), path.join(workDir, 'checkpoints'));
}

/** The notice `run` prints when the wait begins: error, step and the three commands. */
function expectDecisionNotice(text: string, workflowId: string): void {
  expect(text).toContain('WAITING FOR AN OPERATOR: iteration 1 failed in step "checkpoint"');
  expect(text).toMatch(/error: .*checkpoints/);
  expect(text).toMatch(/left to decide \(until \d{4}-\d\d-\d\dT[\d:.]+Z\)/);
  for (const command of ['retry', 'skip', 'abort']) expect(text).toContain(`autopilot-benchmark ${command} ${workflowId}`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await fn();
  answerSeconds[label] = (Date.now() - started) / 1000;
  return value;
}

test('a harness-side failure: `run` names it with the three commands, `status` shows them with no worker, `retry` is taken when a worker returns', async () => {
  const worker = await startWorker();
  const { run, workflowId, workDir } = await startRun('retry');
  await breakCheckpointsAfterBaseline(workDir);

  const notice = await until('the decision notice from `run`', () => run.output().includes(`autopilot-benchmark abort ${workflowId}`) && run.output());
  expectDecisionNotice(notice, workflowId);

  await killWorkerProcess(worker.child);
  const status = await timed('status without a worker', () => cli(['status', workflowId]));
  expect(status.exitCode).toBe(0);
  expect(status.stdout).toMatch(/status: +RUNNING \(awaiting-decision\)/);
  expect(status.stdout).toContain('progress:    unavailable, no worker answered');
  expectDecisionNotice(status.stdout, workflowId);

  const retry = await timed('retry without a worker', () => cli(['retry', workflowId]));
  expect(retry.exitCode).toBe(0);
  expect(retry.stdout).toContain('retry recorded for iteration 1: no worker answered');

  repairCheckpoints(workDir);
  await startWorker();
  const finished = await run.done;
  expect(finished.exitCode).toBe(0);
  expect(finished.all).toContain('decision taken for iteration 1; the run goes on');
  const iterations = JSON.parse(readFileSync(path.join(workDir, 'results/iterations.json'), 'utf8'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(runJson(workDir).status).toBe('completed');
});

test('`abort` with no worker ends the run at once, and run.json says terminated', async () => {
  const worker = await startWorker();
  const { run, workflowId, workDir } = await startRun('abort');
  await breakCheckpointsAfterBaseline(workDir);
  await until('the decision notice from `run`', () => run.output().includes(`autopilot-benchmark abort ${workflowId}`));
  await killWorkerProcess(worker.child);

  const abort = await timed('abort without a worker', () => cli(['abort', workflowId]));
  expect(abort.exitCode).toBe(0);
  expect(abort.stdout).toContain('the run was terminated');
  const description = await client.workflow.getHandle(workflowId).describe();
  expect(description.status.name).toBe('TERMINATED');
  expect(runJson(workDir)).toMatchObject({ status: 'terminated' });
  expect(runJson(workDir).finished_at).not.toBeNull();
  expect((await run.done).exitCode).toBe(1);

  const again = await cli(['skip', workflowId]);
  expect(again.exitCode).toBe(1);
  expect(again.stderr).toContain('skip was not accepted');
  expect(again.stderr).toContain('the run is terminated');
});

test('a run cancelled while no worker is alive ends "cancelled" in run.json once the CLI sees it', async () => {
  const worker = await startWorker();
  const { run, workflowId, workDir } = await startRun('cancel');
  await until('the baseline under way', () => existsSync(path.join(workDir, 'results/run.json')));
  await killWorkerProcess(worker.child);
  await client.workflow.getHandle(workflowId).cancel();
  expect(runJson(workDir).status).toBe('running');

  // A worker processes the cancellation; the steps that would record it were pinned to the dead worker.
  await startWorker();
  await until('the workflow closed', async () => (await client.workflow.getHandle(workflowId).describe()).status.name === 'CANCELLED');
  expect((await run.done).exitCode).toBe(1);

  const status = await cli(['status', workflowId]);
  expect(status.exitCode).toBe(0);
  expect(status.stdout).toMatch(/status: +CANCELLED/);
  expect(runJson(workDir).status).toBe('cancelled');
});

test('two runs of one environment started at once both start, each with its own work dir', async () => {
  const first = spawnCli(['run', '--config', configFile, '--work-dir', path.join(root, 'twins'), '--remote-workers', '--seed', '1'], { env: cliEnv() });
  const second = spawnCli(['run', '--config', configFile, '--work-dir', path.join(root, 'twins'), '--remote-workers', '--seed', '1'], { env: cliEnv() });
  const ids = await Promise.all([first, second].map((run) => until('a started workflow', () => /started workflow (bench-\S+)/.exec(run.output())?.[1])));
  expect(new Set(ids).size).toBe(2);
  const dirs = readdirSync(path.join(root, 'twins', 'ner_conllpp_v0'));
  expect(dirs).toHaveLength(2);
  for (const id of ids) await client.workflow.getHandle(id).terminate('test done');
  await Promise.all([first.done, second.done]);
});

test('answer times without a worker (printed for the README)', () => {
  console.log(`answer times without a worker (s): ${JSON.stringify(answerSeconds)}`);
  expect(Object.keys(answerSeconds)).toHaveLength(3);
});
