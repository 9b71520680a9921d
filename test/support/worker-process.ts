import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_ENTRY, REPO_ROOT } from './cli';

export interface WorkerProcess {
  /** the worker's private task queue (what `progress.workerQueue` names) */
  queue: string;
  child: ChildProcess;
}

/**
 * Starts a real worker process (`dist/workers/main.js`, or the CLI's `worker` command with
 * `cliArgs` such as `['--max-runs', '2']`) against `address` and resolves once it polls, with its
 * private queue. `env` adds to the environment (state dir, latency knobs).
 */
export function startWorkerProcess(address: string, env: Record<string, string>, cliArgs?: string[]): Promise<WorkerProcess> {
  const argv = cliArgs ? [CLI_ENTRY, 'worker', ...cliArgs] : [path.join(REPO_ROOT, 'dist/workers/main.js')];
  return new Promise((resolve, reject) => {
    const child = spawn('node', argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TEMPORAL_ADDRESS: address, LOG_FORMAT: 'json', ...env },
    });
    let buffer = '';
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const match = /"queue":"([^"]+)"/.exec(buffer);
      if (match) {
        child.stderr!.off('data', onData);
        resolve({ queue: match[1], child });
      }
    };
    child.stderr!.on('data', onData);
    child.stderr!.on('data', () => undefined); // keep draining
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${buffer.slice(-2000)}`)));
  });
}

/** SIGKILL (or `signal`), and wait until the process is gone. */
export async function killWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await gone;
}
