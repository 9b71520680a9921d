import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { planRuns } from '../../client/run-inputs';
import { benchmarkRun } from '../../workflows';
import { BenchStatus, phaseLabel, progressQuery, SHARED_TASK_QUEUE } from '../../workflows/shared';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { startWorkerProcess } from '../support/worker-process';
import { until } from '../support/until';
import { readSlotLog } from '../support/slot-log';
import { writeQuickstartConfig } from '../fixtures/quickstart-config';

/**
 * One worker with one slot (`worker --max-runs 1`): a second run waits, visibly queued, while the
 * first holds the slot; when the first is terminated (a workflow that runs no `finally`, so it
 * never stops itself on the worker), the worker frees its slot and the queued run completes.
 */
jest.setTimeout(300_000);

let server: DevServer;
let connection: Connection;
let client: Client;
let worker: ChildProcess;
let workRoot: string;
let slotLog: string;

beforeAll(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  workRoot = mkdtempSync(path.join(os.tmpdir(), 'slot-queue-'));
  slotLog = path.join(workRoot, 'slot-events.jsonl');
  ({ child: worker } = await startWorkerProcess(
    server.address,
    { AUTOPILOT_BENCH_STATE_DIR: path.join(workRoot, 'state'), AUTOPILOT_BENCH_SLOT_LOG: slotLog, AUTOPILOT_BENCH_SIM_LATENCY_SCALE: '20' },
    ['--max-runs', '1'],
  ));
}, 180_000);

afterAll(async () => {
  worker?.kill('SIGTERM');
  await connection?.close();
  await server?.stop();
});

test('a run queues while the only slot is taken, and takes it once the holder is terminated', async () => {
  const config = writeQuickstartConfig(path.join(workRoot, 'queue.yaml'), (quickstart) => {
    Object.assign(quickstart.environments[0], { num_iterations: 0, episode_concurrency: 1 });
  });
  const [holder] = planRuns({ config, workDir: path.join(workRoot, 'holder'), episodes: 40, seed: 1 });
  const [waiter] = planRuns({ config, workDir: path.join(workRoot, 'waiter'), episodes: 2, seed: 2 });
  const start = (run: typeof holder) =>
    client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input], typedSearchAttributes: [{ key: BenchStatus, value: 'queued' }] });

  const holding = await start(holder);
  await until('the holder runs its baseline', async () => (await holding.query(progressQuery)).phase === 'baseline');
  const waiting = await start(waiter);

  const queued = await until('the second run shows as queued', async () => {
    const progress = await waiting.query(progressQuery);
    return progress.phase === 'queued' && phaseLabel(progress);
  });
  expect(queued).toBe('queued: waiting for a worker slot');
  const listed = await until('the Web UI filter lists it', async () => {
    for await (const wf of client.workflow.list({ query: `BenchStatus="queued" AND WorkflowId="${waiter.workflowId}"` })) return wf.workflowId;
    return null;
  });
  expect(listed).toBe(waiter.workflowId);
  // the Web UI's current details of the run say so too
  expect((await waiting.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails).toMatch(/^\*\*queued\*\*/);

  await holding.terminate('an operator stops the run');
  const result = await waiting.result();
  expect(result.recoveries).toBe(0);
  expect(JSON.parse(readFileSync(path.join(result.workDir, 'results/run.json'), 'utf8')).status).toBe('completed');
  expect((await waiting.describe()).typedSearchAttributes.get(BenchStatus)).toBe('completed');

  // The worker freed the terminated run's slot before it reserved one for the queued run; it never held two.
  const events = readSlotLog(slotLog).map(({ kind, runId, held }) => ({ kind, run: runId === holder.input.runId ? 'holder' : runId === waiter.input.runId ? 'waiter' : runId, held }));
  expect(events).toEqual([
    { kind: 'reserve', run: 'holder', held: 1 },
    { kind: 'release', run: 'holder', held: 0 },
    { kind: 'reserve', run: 'waiter', held: 1 },
    { kind: 'release', run: 'waiter', held: 0 },
  ]);
});
