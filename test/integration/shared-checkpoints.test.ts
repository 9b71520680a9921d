import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { S3Client } from '@aws-sdk/client-s3';
import { planRuns } from '../../client/run-inputs';
import { openCheckpointStore } from '../../checkpoints';
import { s3ClientFromEnv } from '../../checkpoints/s3-client';
import { benchmarkRun } from '../../workflows';
import { progressQuery, SHARED_TASK_QUEUE } from '../../workflows/shared';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { killWorkerProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { reapGatewaysUnder } from '../support/reap-gateways';
import { startMotoS3Server, type MotoS3Server } from '../fakes/moto-s3/moto-s3-server';
import { until } from '../support/until';
import { writeQuickstartConfig } from '../fixtures/quickstart-config';

/**
 * Shared checkpoint storage: two worker processes that share nothing but `infra.checkpoint_dir`
 * — each keeps work dirs under its own root (AUTOPILOT_BENCH_WORK_ROOT) and its own state dir,
 * as on two machines — and the client's --work-dir exists on neither. The run's worker is
 * SIGKILLed after the iteration-1 checkpoint; the other worker, which never saw the run,
 * restores it from the shared location and finishes it. Once with a shared directory, once
 * with an S3 bucket: moto's S3 server (a real HTTP server speaking the S3 wire format, in
 * memory; test/fakes/moto-s3/moto-s3-server.ts) stands in for AWS S3; the workers get its endpoint
 * and keys through the standard AWS variables.
 */
jest.setTimeout(600_000);

const EPISODES = 6;
const BUCKET = 'bench-checkpoints';
let server: DevServer;
let moto: MotoS3Server;
let s3: S3Client;
let client: Client;
let connection: Connection;
let base: string;
const started: WorkerProcess[] = [];

beforeAll(async () => {
  [server, moto] = await Promise.all([startDevServer(), startMotoS3Server()]);
  await moto.createBucket(BUCKET);
  s3 = s3ClientFromEnv(moto.env);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  base = mkdtempSync(path.join(os.tmpdir(), 'shared-ckpt-'));
}, 180_000);

afterAll(async () => {
  for (const { child } of started) child.kill('SIGTERM');
  // the SIGKILLed machine's gateways outlive it (its next worker would reap them; it has none)
  if (base) await reapGatewaysUnder(base);
  await connection?.close();
  await server?.stop();
  s3?.destroy();
  await moto?.stop();
});

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Two worker processes, each a "machine" of its own under `<base>/<scenario>/machine-<name>`. */
async function startMachines(scenario: string): Promise<Record<string, { process: WorkerProcess; root: string }>> {
  const machines: Record<string, { process: WorkerProcess; root: string }> = {};
  for (const name of ['a', 'b']) {
    const machine = path.join(base, scenario, `machine-${name}`);
    const process = await startWorkerProcess(server.address, { AUTOPILOT_BENCH_WORK_ROOT: path.join(machine, 'work'), AUTOPILOT_BENCH_STATE_DIR: path.join(machine, 'state'), ...moto.env });
    started.push(process);
    machines[process.queue] = { process, root: path.join(machine, 'work') };
  }
  return machines;
}

/** Runs the scenario with `checkpointDir` as `infra.checkpoint_dir`; returns the run's dir under a work root and its checkpoint root. */
async function resumeOnAnotherMachine(scenario: string, checkpointDir: string) {
  const machines = await startMachines(scenario);
  try {
    return await runAndKillHolder(scenario, checkpointDir, machines);
  } finally {
    // the next scenario's run must not be claimed by this one's surviving worker
    for (const { process } of Object.values(machines)) await killWorkerProcess(process.child, 'SIGTERM');
  }
}

async function runAndKillHolder(scenario: string, checkpointDir: string, machines: Record<string, { process: WorkerProcess; root: string }>) {
  const configFile = writeQuickstartConfig(path.join(base, `${scenario}.yaml`), (config) => {
    config.infra = { ...(config.infra ?? {}), checkpoint_dir: checkpointDir };
    Object.assign(config.environments[0], { num_iterations: 2, episode_concurrency: 2 });
  });
  const clientWorkDir = path.join(base, scenario, 'client-machine', 'out');
  const [run] = planRuns({ config: configFile, workDir: clientWorkDir, episodes: EPISODES, seed: 3 });
  const handle = await client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input] });
  const runDir = path.relative(clientWorkDir, run.input.workDir); // <env>/<timestamp>_seed3
  const store = openCheckpointStore(`${checkpointDir}/${runDir}`, { client: s3 });

  // A run that fails before its checkpoint shows up fails the test with its own error.
  const ended = handle.result().then((r) => Promise.reject(new Error(`the run ended before its iteration-1 checkpoint: ${JSON.stringify(r)}`)));
  await Promise.race([until('iteration-1 checkpoint in the shared location', async () => (await store.list()).includes('iteration_001'), 240_000), ended]);
  ended.catch(() => undefined); // it ends normally later
  const holder = (await handle.query(progressQuery)).workerQueue!;
  const victim = machines[holder];
  const survivor = Object.entries(machines).find(([queue]) => queue !== holder)![1];
  expect(victim).toBeDefined();
  await killWorkerProcess(victim.process.child);
  const survivorDir = path.join(survivor.root, runDir);
  expect(existsSync(survivorDir)).toBe(false); // it never saw the run

  const result = await handle.result();
  expect(result.recoveries).toBeGreaterThanOrEqual(1);
  const phases = json(path.join(survivorDir, 'results/iterations.json')).map((it: { phase: string }) => it.phase);
  expect(phases).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  expect(json(path.join(survivorDir, 'results/run.json')).status).toBe('completed');
  // restored from the checkpoint, not redone: the baseline and iteration 1 rollouts came back whole
  for (const dir of ['rollouts/iteration_000/baseline/test', 'rollouts/iteration_001/post_autopilot/test']) {
    expect({ dir, episodes: readFileSync(path.join(survivorDir, dir, 'episode_timings.jsonl'), 'utf8').trim().split('\n').length }).toEqual({ dir, episodes: EPISODES });
  }
  expect(await store.list()).toEqual(['iteration_000', 'iteration_001', 'iteration_002']);
  expect((await store.latest())?.iteration).toBe(2);
  // the dead worker's machine stopped at iteration 1; the client's path was never written by a worker
  expect(existsSync(path.join(victim.root, runDir, 'rollouts/iteration_002'))).toBe(false);
  expect(existsSync(path.join(victim.root, runDir, 'rollouts/iteration_001'))).toBe(true);
  expect(existsSync(run.input.workDir)).toBe(false);
  return { survivorDir, store };
}

test('a run resumes from a shared checkpoint directory on a worker whose local work root never held it', async () => {
  const shared = path.join(base, 'shared-checkpoints');
  const { store } = await resumeOnAnotherMachine('dir', shared);
  expect(readdirSync(store.root).filter((n) => /^iteration_\d+$/.test(n)).sort()).toEqual(['iteration_000', 'iteration_001', 'iteration_002']);
});

test('a run resumes from an S3 bucket (moto server) on a worker whose local work root never held it', async () => {
  const { survivorDir, store } = await resumeOnAnotherMachine('s3', `s3://${BUCKET}/team-a`);
  expect(store.root).toMatch(new RegExp(`^s3://${BUCKET}/team-a/[^/]+/[^/]+$`));
  // nothing kept on local disk: no checkpoint dir, no staging or download dir left behind
  expect(readdirSync(survivorDir).filter((n) => n === 'checkpoints' || n.startsWith('.checkpoint-'))).toEqual([]);
});
