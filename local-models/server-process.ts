import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, openSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { findProjectRoot } from '../common/project-root';
import { freePort, holdPort } from '../common/ports';
import { trackChild } from '../gateway/child-registry';
import { waitForHealthy } from '../gateway/health-wait';
import { DEFAULT_MAX_QUEUE } from './inference-server';
import { fileSize, readLogTail } from '../common/log-tail';

const log = getLogger('local-models');
export const MAX_TOKENS_VARIABLE = 'AUTOPILOT_BENCH_LOCAL_MAX_TOKENS';
export const THREADS_VARIABLE = 'AUTOPILOT_BENCH_LOCAL_THREADS';

export interface LocalServerProcessOptions {
  /** models loaded before the server reports healthy (a missing or too-big model fails start-up) */
  preload: readonly string[];
  logDir: string;
  /** loading the 1.5B from a cold page cache takes a while on a loaded machine */
  startupTimeoutMs?: number;
  /** requests waiting or running in the server before it answers 429 (default DEFAULT_MAX_QUEUE) */
  maxQueue?: number;
  /** restarts after unexpected exits before giving up (each logged) */
  maxRestarts?: number;
  env?: NodeJS.ProcessEnv;
  entry?: string;
}

export class LocalServerStartError extends Error {
  override name = 'LocalServerStartError';
  constructor(
    readonly reason: 'exited' | 'timeout',
    readonly logFile: string,
    readonly tail: string,
  ) {
    super(`the local inference server ${reason === 'exited' ? 'exited during start-up' : 'did not become healthy in time'} (log ${logFile}): ${tail}`);
  }
}

export interface LocalServerProcess {
  /** the OpenAI base URL, stable across restarts (same port) */
  url: string;
  pid(): number | undefined;
  restarts(): number;
  stop(): Promise<void>;
}

export function defaultLocalServerEntry(): string {
  return path.join(findProjectRoot(__dirname), 'dist', 'local-models', 'server-main.js');
}

/**
 * Starts the local inference server as a child process the worker owns. If it dies while the
 * run goes on (killed, out of memory), it is started again on the same port, so the gateway's
 * retries reach the new one; requests in flight at the moment of death fail with a network
 * error. After `maxRestarts` the server stays down and calls fail with connection errors.
 */
export async function startLocalServerProcess(options: LocalServerProcessOptions): Promise<LocalServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const entry = options.entry ?? defaultLocalServerEntry();
  const logFile = path.join(options.logDir, 'local-inference.log');
  const maxRestarts = options.maxRestarts ?? 3;
  await fs.mkdir(options.logDir, { recursive: true });
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  async function launch(): Promise<void> {
    holdPort(port); // the same port at every (re)launch: hold it so no other run is handed it meanwhile
    const logStart = await fileSize(logFile);
    const fd = openSync(logFile, 'a');
    const args = [entry, '--port', String(port), '--preload', options.preload.join(','), '--max-queue', String(options.maxQueue ?? DEFAULT_MAX_QUEUE)];
    // $AUTOPILOT_BENCH_LOCAL_MAX_TOKENS caps outputs of requests that set no max_tokens (default 1024)
    const maxTokens = positiveSetting(MAX_TOKENS_VARIABLE, options.env?.[MAX_TOKENS_VARIABLE] ?? process.env[MAX_TOKENS_VARIABLE]);
    if (maxTokens) args.push('--default-max-tokens', maxTokens);
    // $AUTOPILOT_BENCH_LOCAL_THREADS: llama.cpp threads per generation (default 1; more only on an idle machine)
    const threads = positiveSetting(THREADS_VARIABLE, options.env?.[THREADS_VARIABLE] ?? process.env[THREADS_VARIABLE]);
    if (threads) args.push('--threads', threads);
    const started = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    trackChild(started);
    child = started;
    let healthy = false;
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    started.once('exit', (code, signal) => {
      // only a server that was serving is restarted; a failed start-up is reported instead
      if (stopping || child !== started || !healthy) return;
      if (restarts >= maxRestarts) {
        log.error({ code, signal, restarts, logFile }, 'local inference server died; restart limit reached, local:: calls will fail');
        return;
      }
      restarts++;
      log.warn({ code, signal, restarts, logFile }, 'local inference server died; restarting it on the same port');
      launch().catch((err: unknown) => log.error({ err: String(err) }, 'local inference server restart failed'));
    });
    const outcome = await waitForHealthy({ url, timeoutMs: options.startupTimeoutMs ?? 300_000, exited });
    if (outcome.kind !== 'healthy') {
      started.kill('SIGKILL');
      // only this launch's lines: the log accumulates across restarts
      const tail = await readLogTail(logFile, logStart, 5);
      throw new LocalServerStartError(outcome.kind, logFile, tail.split('\n').join(' | '));
    }
    healthy = true;
  }

  await launch();
  return {
    url: `${url}/v1/`,
    pid: () => child?.pid,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A positive-integer setting from the environment, checked here so the error names the variable (not the server's flag). */
function positiveSetting(variable: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) throw new InvalidLocalServerSettingError(variable, value);
  return value.trim();
}

export class InvalidLocalServerSettingError extends Error {
  override name = 'InvalidLocalServerSettingError';
  constructor(
    readonly variable: string,
    readonly value: string,
  ) {
    super(`${variable}=${JSON.stringify(value)}: expected a positive integer`);
  }
}
