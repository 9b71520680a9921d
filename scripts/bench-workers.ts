/**
 * Benchmark script: runs per hour with one, two and three worker processes on I/O-bound work.
 * For each worker count it starts that many `autopilot-benchmark worker --max-runs <slots>`
 * processes on one Temporal dev server, starts the same batch of runs (the offline quickstart,
 * one run per seed) and measures the wall time until all have completed. The simulated provider's
 * latency is scaled up (AUTOPILOT_BENCH_SIM_LATENCY_SCALE), so a run mostly waits on model calls,
 * as it does against a hosted provider; what more workers buy is more runs waiting at once.
 * A benchmark, not a test: nothing is asserted; it prints a Markdown table for the README.
 *
 *   (options: USAGE below; `--help` prints them)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalServer, stopTemporalServer } from '../client/temporal-server';
import { planRuns } from '../client/run-inputs';
import { benchmarkRun } from '../workflows';
import { SHARED_TASK_QUEUE } from '../workflows/shared';
import { freePort } from '../common/ports';
import { scriptArgs } from './script-args';

const USAGE = `
  node dist/scripts/bench-workers.js [--workers 1,2,3] [--runs 6] [--slots 2] [--episodes 6]
    [--iterations 1] [--latency-scale 60] [--config configs/quickstart.yaml]
`;

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'client', 'main.js');

interface Settings {
  runs: number;
  slots: number;
  episodes: number;
  iterations: number;
  latencyScale: number;
  config: string;
}

/** A worker process via the CLI; resolves once it polls. */
function startWorker(address: string, stateDir: string, settings: Settings): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--max-runs', String(settings.slots)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TEMPORAL_ADDRESS: address, AUTOPILOT_BENCH_STATE_DIR: stateDir, AUTOPILOT_BENCH_SIM_LATENCY_SCALE: String(settings.latencyScale), LOG_FORMAT: 'json' },
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (seen.includes('worker polling')) return;
      seen = (seen + chunk.toString('utf8')).slice(-4000);
      if (seen.includes('worker polling')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before polling:\n${seen}`)));
  });
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      return gone;
    }),
  );
}

/** Starts the batch, waits for every run; the wall time in seconds. */
async function timeBatch(client: Client, workers: number, settings: Settings, workRoot: string): Promise<number> {
  const seeds = Array.from({ length: settings.runs }, (_, i) => i + 1);
  const runs = planRuns({ config: settings.config, workDir: path.join(workRoot, `workers-${workers}`), seeds, episodes: settings.episodes, numIterations: settings.iterations });
  const start = Date.now();
  const handles = await Promise.all(runs.map((run) => client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input] })));
  await Promise.all(handles.map((handle) => handle.result()));
  return (Date.now() - start) / 1000;
}

async function main(): Promise<void> {
  const args = scriptArgs(USAGE);
  const counts = args.value('--workers', '1,2,3').split(',').map(Number);
  const settings: Settings = {
    runs: args.number('--runs', 6),
    slots: args.number('--slots', 2),
    episodes: args.number('--episodes', 6),
    iterations: args.number('--iterations', 1),
    latencyScale: args.number('--latency-scale', 60),
    config: path.resolve(ROOT, args.value('--config', 'configs/quickstart.yaml')),
  };
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-workers-state-'));
  const workRoot = mkdtempSync(path.join(os.tmpdir(), 'bench-workers-out-'));
  const port = await freePort();
  const server = await ensureTemporalServer({ address: `127.0.0.1:${port}`, stateDir, startupTimeoutMs: 90_000 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const rows: { workers: number; seconds: number }[] = [];
  try {
    for (const workers of counts) {
      const children: ChildProcess[] = [];
      try {
        for (let i = 0; i < workers; i++) children.push(await startWorker(server.address, stateDir, settings));
        const seconds = await timeBatch(client, workers, settings, workRoot);
        rows.push({ workers, seconds });
        process.stderr.write(`${workers} worker(s): ${settings.runs} runs in ${seconds.toFixed(1)} s\n`);
      } finally {
        await stopWorkers(children);
      }
    }
  } finally {
    await connection.close();
    stopTemporalServer(stateDir, port);
    rmSync(workRoot, { recursive: true, force: true });
  }
  const base = rows[0];
  console.log(
    `${settings.runs} runs (quickstart NER, ${settings.iterations} iteration, ${settings.episodes} episodes, sim latency ×${settings.latencyScale}), ${settings.slots} slots per worker, ${os.cpus().length} CPU cores\n`,
  );
  console.log('| workers | slots in all | wall time | runs per hour | vs one worker |\n|---|---|---|---|---|');
  for (const row of rows) {
    const perHour = (settings.runs * 3600) / row.seconds;
    console.log(`| ${row.workers} | ${row.workers * settings.slots} | ${row.seconds.toFixed(0)} s | ${perHour.toFixed(0)} | ×${(base.seconds / row.seconds).toFixed(2)} |`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench-workers: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
