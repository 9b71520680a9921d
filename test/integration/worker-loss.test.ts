import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { planRuns } from '../../client/run-inputs';
import { benchmarkRun } from '../../workflows';
import { progressQuery, SHARED_TASK_QUEUE, type BenchmarkRunResult } from '../../workflows/shared';
import { REPO_ROOT } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { until } from '../support/until';

/**
 * Worker loss, for real: two worker processes serve the shared queue; a run's worker is killed
 * with SIGKILL at four points, and the run must finish on the other worker (or a restarted one)
 * with the same iteration records as an undisturbed run with the same seed, and no duplicates.
 * Default durability timeouts (10 s heartbeat, 10 s schedule-to-start). The kill-to-resume
 * delay is printed for the README (never asserted).
 */
jest.setTimeout(300_000);

const EPISODES = 12;
let server: DevServer;
let client: Client;
let connection: Connection;
let stateDir: string;
let workRoot: string;
let configFile: string;
const workers = new Map<string, ChildProcess>(); // queue → process
const delays: Record<string, number> = {};

function startWorker(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(REPO_ROOT, 'dist/workers/main.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: server.address,
        AUTOPILOT_BENCH_STATE_DIR: stateDir,
        AUTOPILOT_BENCH_SIM_LATENCY_SCALE: '15', // rollouts that last long enough to be interrupted
        AUTOPILOT_BENCH_PAUSE_AFTER_EDITS_MS: '5000', // a window right after the edits were applied
        LOG_FORMAT: 'json',
      },
    });
    let buffer = '';
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const match = /"queue":"([^"]+)"/.exec(buffer);
      if (match) {
        child.stderr!.off('data', onData);
        workers.set(match[1], child);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.stderr!.on('data', () => undefined); // keep draining
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${buffer.slice(-2000)}`)));
  });
}

async function ensureTwoWorkers(): Promise<void> {
  for (const [queue, child] of workers) if (child.exitCode !== null || child.signalCode !== null) workers.delete(queue);
  while (workers.size < 2) await startWorker();
}

beforeAll(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'loss-state-'));
  workRoot = mkdtempSync(path.join(os.tmpdir(), 'loss-out-'));
  const quickstart = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  quickstart.interlocutor = { config_file: path.join(REPO_ROOT, quickstart.interlocutor.config_file) };
  Object.assign(quickstart.environments[0], { num_iterations: 1, episode_concurrency: 2 });
  configFile = path.join(workRoot, 'loss.yaml');
  writeFileSync(configFile, stringifyYaml(quickstart));
  await ensureTwoWorkers();
}, 180_000);

afterAll(async () => {
  for (const child of workers.values()) child.kill('SIGTERM');
  await connection?.close();
  await server?.stop();
});

let counter = 0;
async function startRun(): Promise<{ handle: WorkflowHandle<typeof benchmarkRun>; workDir: string }> {
  const [run] = planRuns({ config: configFile, workDir: path.join(workRoot, `run${++counter}`), episodes: EPISODES, seed: 11 });
  const handle = await client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: `${run.workflowId}-${counter}`, args: [run.input] });
  return { handle, workDir: run.input.workDir };
}


async function trainInferences(workDir: string): Promise<number> {
  const runtime = JSON.parse(readFileSync(path.join(workDir, 'gateway/runtime.json'), 'utf8'));
  const url = String(runtime.gateway_url).replace('localhost', '127.0.0.1');
  const response = await fetch(`${url}/internal/inferences?function_name=${encodeURIComponent('ner_conllpp_v0::extract_entities')}&limit=1000`);
  return ((await response.json()) as { inferences: unknown[] }).inferences.length;
}

interface RunOutcome {
  result: BenchmarkRunResult;
  iterations: { iteration_number: number; phase: string; num_episodes: number; metrics: { train: object | null; test: object } }[];
  variants: number;
  workDir: string;
}

async function outcome(handle: WorkflowHandle<typeof benchmarkRun>, workDir: string): Promise<RunOutcome> {
  const result = await handle.result();
  const iterations = JSON.parse(readFileSync(path.join(workDir, 'results/iterations.json'), 'utf8'));
  const config = parseToml(readFileSync(path.join(workDir, 'config/tensorzero.toml'), 'utf8')) as { functions: Record<string, { variants: object }> };
  return { result, iterations, variants: Object.keys(config.functions['ner_conllpp_v0::extract_entities'].variants).length, workDir };
}

/** Kills the run's worker once `ready` holds, then measures how long until the run makes progress elsewhere. */
async function killDuring(label: string, ready: (workDir: string, handle: WorkflowHandle<typeof benchmarkRun>) => Promise<boolean>): Promise<RunOutcome> {
  await ensureTwoWorkers();
  const { handle, workDir } = await startRun();
  await until(`${label}: kill point`, () => ready(workDir, handle));
  const holder = (await handle.query(progressQuery)).workerQueue!;
  const victim = workers.get(holder);
  if (!victim) throw new Error(`run is held by an unknown worker ${holder}`);
  victim.kill('SIGKILL');
  const killedAt = Date.now();
  await ensureTwoWorkers(); // a restarted worker may take the run too
  await until(`${label}: resumed`, async () => {
    const p = await handle.query(progressQuery);
    return p.recoveries >= 1 && p.phase !== 'recovering' && p.workerQueue !== holder;
  });
  delays[label] = (Date.now() - killedAt) / 1000;
  return outcome(handle, workDir);
}

function shape(run: RunOutcome) {
  return run.iterations.map((it) => ({
    iteration: it.iteration_number,
    phase: it.phase,
    episodes: it.num_episodes,
    trainKeys: Object.keys(it.metrics.train ?? {}).sort(),
    testKeys: Object.keys(it.metrics.test).sort(),
  }));
}

function lines(workDir: string, file: string): number {
  return readFileSync(path.join(workDir, file), 'utf8').trim().split('\n').length;
}

function expectLikeUndisturbed(run: RunOutcome, reference: RunOutcome) {
  expect(run.result.recoveries).toBeGreaterThanOrEqual(1);
  expect(shape(run)).toEqual(shape(reference));
  expect(run.variants).toBe(reference.variants); // the autopilot's writes were applied exactly once
  for (const file of [
    'rollouts/iteration_000/baseline/train/episode_timings.jsonl',
    'rollouts/iteration_000/baseline/test/episode_timings.jsonl',
    'rollouts/iteration_001/post_autopilot/train/episode_timings.jsonl',
    'rollouts/iteration_001/post_autopilot/test/episode_timings.jsonl',
  ]) {
    expect({ file, episodes: lines(run.workDir, file) }).toEqual({ file, episodes: EPISODES });
  }
  expect(JSON.parse(readFileSync(path.join(run.workDir, 'results/run.json'), 'utf8')).status).toBe('completed');
}

let reference: RunOutcome;

test('an undisturbed run, for reference', async () => {
  const { handle, workDir } = await startRun();
  reference = await outcome(handle, workDir);
  expect(reference.result.recoveries).toBe(0);
  expect(shape(reference).map((it) => it.phase)).toEqual(['baseline', 'post_autopilot']);
});

test('(a) killed during the baseline rollout', async () => {
  const run = await killDuring('baseline rollout', async (workDir, handle) => (await handle.query(progressQuery)).phase === 'baseline' && (await trainInferences(workDir)) >= 2);
  expectLikeUndisturbed(run, reference);
});

test('(b) killed during the autopilot session: the session is replaced and that is recorded', async () => {
  const run = await killDuring('autopilot session', async (_workDir, handle) => {
    const p = await handle.query(progressQuery);
    if (p.phase !== 'autopilot') return false;
    await new Promise((r) => setTimeout(r, 700));
    return true;
  });
  expectLikeUndisturbed(run, reference);
  const recovery = JSON.parse(readFileSync(path.join(run.workDir, 'autopilot/iteration_001/recovery.json'), 'utf8'));
  expect(recovery).toMatchObject({ decision: 'replaced', iteration: 1 });
  expect(recovery.reason).toMatch(/timeout/);
});

test('(c) killed during the evaluation rollout', async () => {
  const run = await killDuring('evaluation rollout', async (workDir, handle) => (await handle.query(progressQuery)).phase === 'evaluation' && (await trainInferences(workDir)) > EPISODES + 1);
  expectLikeUndisturbed(run, reference);
});

test('(d) killed right after the config edits were applied', async () => {
  const run = await killDuring('after config edits', async (workDir) => readFileSync(path.join(workDir, 'config/tensorzero.toml'), 'utf8').includes('experimentation'));
  expectLikeUndisturbed(run, reference);
  expect(existsSync(path.join(run.workDir, 'autopilot/iteration_001/recovery.json'))).toBe(true);
});

test('kill-to-resume delays (printed for the README)', () => {
  console.log(`kill → resumed progress on another worker (s): ${JSON.stringify(delays)}`);
  expect(Object.keys(delays)).toHaveLength(4);
});
