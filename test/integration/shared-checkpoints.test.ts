import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { planRuns } from '../../client/run-inputs';
import { benchmarkRun } from '../../workflows';
import { progressQuery, SHARED_TASK_QUEUE } from '../../workflows/shared';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { killWorkerProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { until } from '../support/until';
import { writeQuickstartConfig } from '../fixtures/quickstart-config';

/**
 * Shared checkpoint storage: two worker processes that share nothing but `infra.checkpoint_dir`
 * — each keeps work dirs under its own root (AUTOPILOT_BENCH_WORK_ROOT) and its own state dir,
 * as on two machines — and the client's --work-dir exists on neither. The run's worker is
 * SIGKILLed after the iteration-1 checkpoint; the other worker, which never saw the run,
 * restores it from the shared location and finishes it.
 */
jest.setTimeout(300_000);

const EPISODES = 6;
let server: DevServer;
let client: Client;
let connection: Connection;
let base: string;
const workers: Record<string, { process: WorkerProcess; root: string }> = {};

beforeAll(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  base = mkdtempSync(path.join(os.tmpdir(), 'shared-ckpt-'));
  for (const name of ['a', 'b']) {
    const root = path.join(base, `machine-${name}`, 'work');
    const process = await startWorkerProcess(server.address, { AUTOPILOT_BENCH_WORK_ROOT: root, AUTOPILOT_BENCH_STATE_DIR: path.join(base, `machine-${name}`, 'state') });
    workers[process.queue] = { process, root };
  }
}, 180_000);

afterAll(async () => {
  for (const { process } of Object.values(workers)) process.child.kill('SIGTERM');
  await connection?.close();
  await server?.stop();
});

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

test('a run resumes from infra.checkpoint_dir on a worker whose local work root never held it', async () => {
  const shared = path.join(base, 'shared-checkpoints');
  const configFile = writeQuickstartConfig(path.join(base, 'shared.yaml'), (config) => {
    config.infra = { ...(config.infra ?? {}), checkpoint_dir: shared };
    Object.assign(config.environments[0], { num_iterations: 2, episode_concurrency: 2 });
  });
  const clientWorkDir = path.join(base, 'client-machine', 'out');
  const [run] = planRuns({ config: configFile, workDir: clientWorkDir, episodes: EPISODES, seed: 3 });
  const handle = await client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input] });
  const runDir = path.relative(clientWorkDir, run.input.workDir); // <env>/<timestamp>_seed3
  const checkpointRoot = path.join(shared, runDir);

  await until('iteration-1 checkpoint in the shared location', async () => existsSync(path.join(checkpointRoot, 'iteration_001', 'checkpoint.json')), 240_000);
  const holder = (await handle.query(progressQuery)).workerQueue!;
  const victim = workers[holder];
  const survivor = Object.entries(workers).find(([queue]) => queue !== holder)![1];
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
  expect(readdirSync(checkpointRoot).filter((n) => /^iteration_\d+$/.test(n)).sort()).toEqual(['iteration_000', 'iteration_001', 'iteration_002']);
  // the dead worker's machine stopped at iteration 1; the client's path was never written by a worker
  expect(existsSync(path.join(victim.root, runDir, 'rollouts/iteration_002'))).toBe(false);
  expect(existsSync(path.join(victim.root, runDir, 'rollouts/iteration_001'))).toBe(true);
  expect(existsSync(run.input.workDir)).toBe(false);
});
