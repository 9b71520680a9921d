import * as os from 'node:os';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createPinnedActivities, createSharedActivities, createSlotReclaimer, RunRegistry, WorkerSlots } from '../activities';
import { localWorkDir, withLocalWorkDirs } from '../activities/local-work-dir';
import { SHARED_TASK_QUEUE } from '../workflows/shared';
import { getLogger } from '../common/logger';
import * as path from 'node:path';
import { stateDir } from '../common/state-dir';
import { GatewayRecord, reapDeadWorkersGateways } from './orphan-gateways';
import { settleClosedRuns } from '../client/settle-closed-runs';
import '../environments'; // registers the environments (and their simulator oracles) in this process
import { registerBuiltinOracles } from './sim-oracles';
import { slotEventSink } from './slot-events';

const log = getLogger('worker');

export interface BenchmarkWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  /** runs this process holds at once (each owns gateway subprocesses); default DEFAULT_MAX_RUNS */
  maxRuns?: number;
  /** this machine's root for the work dirs of the runs it holds (default $AUTOPILOT_BENCH_WORK_ROOT; unset = the client's --work-dir paths) */
  workRoot?: string;
}

/** Slots of a worker that is not told otherwise (`--max-runs`, `infra.max_runs_per_worker`). */
export const DEFAULT_MAX_RUNS = 2;

export interface BenchmarkWorker {
  /** this process's private task queue */
  queue: string;
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * Worker-specific task queues (reference/temporal.md §1): one worker polls the shared queue
 * (workflows + claimWorker), another polls a queue only this process knows, for everything that
 * touches the runs it holds. The private name is new on every start, so a restarted process
 * never receives work that assumes state it does not have.
 */
export async function createBenchmarkWorker(options: BenchmarkWorkerOptions): Promise<BenchmarkWorker> {
  // the runs' simulated providers answer with the built-in environments' task knowledge
  registerBuiltinOracles();
  const namespace = options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const queue = `${SHARED_TASK_QUEUE}-worker-${os.hostname()}-${randomUUID()}`;
  const recordsDir = path.join(stateDir(), 'workers');
  const reaped = await reapDeadWorkersGateways(recordsDir);
  if (reaped > 0) log.warn({ reaped }, 'reaped gateways left behind by dead workers');
  const workRoot = options.workRoot ?? (process.env.AUTOPILOT_BENCH_WORK_ROOT || undefined);
  // Runs that closed while no worker held them (cancelled, terminated, timed out) get their end in
  // run.json — in this machine's copy of each work dir (under its work root when it has one).
  const client = new Client({ connection: options.connection, namespace });
  await settleClosedRuns(client, { mapWorkDir: (workDir) => localWorkDir(workDir, workRoot) }).catch((err) => log.warn({ err: String(err) }, 'could not settle closed runs'));
  const record = new GatewayRecord(recordsDir);
  const runs = new RunRegistry((logDir) => record.add(logDir));
  const slots = new WorkerSlots(options.maxRuns ?? DEFAULT_MAX_RUNS, { onEvent: slotEventSink(queue) });
  const shared = await Worker.create({
    connection: options.connection,
    namespace,
    taskQueue: SHARED_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createSharedActivities(
      queue,
      slots,
      createSlotReclaimer({ slots, runs, isRunning: async (workflowId) => (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING' }),
    ),
  });
  const pinned = await Worker.create({
    connection: options.connection,
    namespace,
    taskQueue: queue,
    activities: withLocalWorkDirs(createPinnedActivities(runs, slots), workRoot),
    shutdownGraceTime: '10 seconds',
    // step progress (episodes done) travels in heartbeats; the CLI shows it, so send it every second
    maxHeartbeatThrottleInterval: '1 second',
  });
  return {
    queue,
    async run() {
      log.info({ queue, slots: slots.capacity }, 'worker polling');
      try {
        await Promise.all([shared.run(), pinned.run()]);
      } finally {
        // Orderly shutdown: stop the gateways this process still holds.
        for (const runId of runs.ids()) {
          await runs.get(runId)?.close().catch((err) => log.warn({ runId, err: String(err) }, 'could not stop a run on shutdown'));
        }
        await record.remove();
      }
    },
    shutdown() {
      shared.shutdown();
      pinned.shutdown();
    },
  };
}
