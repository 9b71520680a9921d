import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { holdPort, freePort } from '../common/ports';
import { redactSecrets, secretValues } from '../common/secrets';
import { trackChild } from './child-registry';
import {
  GatewayAlreadyRunningError,
  GatewayConfigNotFoundError,
  GatewayOptionsError,
  GatewayStartError,
  type GatewayStartStage,
} from './errors';
import { waitForHealthy } from './health-wait';
import { fileSize, readLogTail } from '../common/log-tail';
import { openGatewayLogs, writeBanner, type GatewayLogFiles } from './process-logs';
import { reapOrphanedGateway, removePidFileOf, writePidFile } from './pid-file';
import { defaultBuiltinGatewayEntry } from './builtin-entry';
import { resetDatabase } from './postgres-reset';
import type { GatewayExit, GatewayKind, GatewayProcess, GatewayProcessOptions, GatewayRole } from './types';

/**
 * Runs one gateway subprocess (reference/original-harness.md §8): append-mode logs with stage
 * banners, TensorZero's migration step, launch with the bind address in the environment,
 * health wait, SIGTERM → SIGKILL stop, and a pid file for orphan reaping.
 *
 * The child is started with node:child_process rather than execa: execa 9 is ESM-only and
 * cannot be loaded by Jest on Node 20, and handing the log file descriptors straight to the
 * child is all we need from it.
 */

/** Node flags of the built-in gateway process: a larger young generation gives about 5% more throughput under load (scripts/bench-gateway.ts). */
export const BUILTIN_GATEWAY_NODE_FLAGS = ['--max-semi-space-size=32'];

export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const STDERR_TAIL_LINES = 20;

export async function createGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  if (options.kind === 'tensorzero' && !options.binaryPath) throw new GatewayOptionsError('binaryPath', "required for kind 'tensorzero'");
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new GatewayOptionsError('port', `${options.port} is not a TCP port`);
  // Chosen once, so the URL is known before start and stays the same across restarts.
  const port = options.port === 0 ? await freePort() : options.port;
  return new ManagedGatewayProcess(options, port);
}

interface LaunchedChild {
  child: ChildProcess;
  exited: Promise<GatewayExit & { error?: Error }>;
}

class ManagedGatewayProcess implements GatewayProcess {
  readonly kind: GatewayKind;
  readonly role: GatewayRole;
  readonly port: number;
  readonly url: string;
  private readonly host: string;
  private readonly configFile: string;
  private readonly configFileArgument: string;
  private readonly logDir: string;
  private readonly startupTimeoutMs: number;
  private readonly shutdownTimeoutMs: number;
  private readonly log = getLogger('gateway.process');
  private current: LaunchedChild | undefined;
  private exit: GatewayExit | undefined;
  private busy = false;
  /** the run's database has been reset (only ever once per manager, §1.7) */
  private databaseReset = false;

  constructor(private readonly options: GatewayProcessOptions, port: number) {
    this.kind = options.kind;
    this.role = options.role;
    this.port = port;
    this.host = options.host ?? '127.0.0.1';
    this.url = `http://${urlHost(this.host)}:${port}`;
    this.configFile = path.resolve(options.configFile);
    this.configFileArgument = options.configFileArgument ?? this.configFile;
    this.logDir = path.resolve(options.logDir);
    this.startupTimeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  }

  get running(): boolean {
    return this.current !== undefined && this.exit === undefined;
  }

  get pid(): number | undefined {
    return this.running ? this.current?.child.pid : undefined;
  }

  async start(): Promise<void> {
    if (this.running || this.busy) throw new GatewayAlreadyRunningError(this.role, this.pid);
    this.busy = true;
    try {
      await this.startOnce();
    } catch (err) {
      await this.kill();
      throw err;
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<GatewayExit | null> {
    const launched = this.current;
    if (!launched) return null;
    // the port is ours until the next start: a restart must find it still free (common/ports.ts)
    holdPort(this.port);
    if (this.exit === undefined) {
      launched.child.kill('SIGTERM');
      let exit = await withTimeout(launched.exited, this.shutdownTimeoutMs);
      if (!exit) {
        this.log.warn({ role: this.role, pid: launched.child.pid, shutdownTimeoutMs: this.shutdownTimeoutMs }, 'gateway ignored SIGTERM; sending SIGKILL');
        launched.child.kill('SIGKILL');
        exit = await launched.exited;
      }
      this.exit = { exitCode: exit.exitCode, signal: exit.signal };
    }
    const result = this.exit;
    this.log.info({ role: this.role, exitCode: result.exitCode, signal: result.signal }, 'gateway stopped');
    this.current = undefined;
    this.exit = undefined;
    await removePidFileOf(this.logDir, launched.child.pid);
    return result;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private async startOnce(): Promise<void> {
    holdPort(this.port);
    const configExists = await fs.stat(this.configFile).then((s) => s.isFile(), () => false);
    if (!configExists) throw new GatewayConfigNotFoundError(this.configFile);
    // A gateway left running by a worker that died would hold the port or the store.
    await reapOrphanedGateway(this.logDir, { shutdownTimeoutMs: this.shutdownTimeoutMs });

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.options.env,
      TENSORZERO_GATEWAY_BIND_ADDRESS: `${bindHost(this.host)}:${this.port}`,
    };
    const { command, args } = this.command();
    const logs = await openGatewayLogs(this.logDir);
    let stderrOffset: number;
    try {
      if (this.kind === 'tensorzero') {
        await this.resetDatabaseOnce(env, logs);
        await this.runMigrations(command, args, env, logs);
      }
      writeBanner(logs, 'gateway', this.configFile, this.port);
      stderrOffset = await fileSize(logs.stderrPath);
      this.exit = undefined;
      this.current = launch(command, args, env, logs);
    } finally {
      logs.close(); // the child holds its own copies of the descriptors
    }
    const launched = this.current;
    void launched.exited.then((exit) => {
      if (this.current === launched) this.exit = { exitCode: exit.exitCode, signal: exit.signal };
    });
    if (launched.child.pid !== undefined) {
      trackChild(launched.child);
      await writePidFile(this.logDir, {
        pid: launched.child.pid,
        ownerPid: process.pid,
        role: this.role,
        kind: this.kind,
        port: this.port,
        configFile: this.configFile,
        startedAt: new Date().toISOString(),
      });
    }

    const outcome = await waitForHealthy({ url: this.url, timeoutMs: this.startupTimeoutMs, exited: launched.exited });
    if (outcome.kind === 'healthy') {
      this.log.info({ role: this.role, kind: this.kind, url: this.url, pid: launched.child.pid }, 'gateway healthy');
      return;
    }
    const tail = await this.stderrTail(stderrOffset);
    if (outcome.kind === 'timeout') {
      throw this.startError(`did not become healthy at ${this.url}/health within ${this.startupTimeoutMs} ms`, 'health', null, null, tail, true);
    }
    const exit = await launched.exited;
    if (exit.error) throw this.startError(`could not be launched (${command}): ${exit.error.message}`, 'launch', null, null, tail, false, exit.error);
    throw this.startError(`exited with ${describeExit(exit)} before becoming healthy`, 'health', exit.exitCode, exit.signal, tail, false);
  }

  private command(): { command: string; args: string[] } {
    if (this.kind === 'tensorzero') return { command: this.options.binaryPath as string, args: ['--config-file', this.configFileArgument] };
    const entry = path.resolve(this.options.builtinEntry ?? defaultBuiltinGatewayEntry());
    return { command: process.execPath, args: [...BUILTIN_GATEWAY_NODE_FLAGS, entry, '--config-file', this.configFileArgument] };
  }

  /** Drops and recreates the run's scoped database before the first start (reference/original-harness.md §1.7). */
  private async resetDatabaseOnce(env: NodeJS.ProcessEnv, logs: GatewayLogFiles): Promise<void> {
    if (!this.options.resetPostgresOnFirstStart || this.databaseReset) return;
    const url = env.TENSORZERO_POSTGRES_URL;
    if (!url) throw this.startError('cannot reset its database: TENSORZERO_POSTGRES_URL is not set', 'migrations', null, null, '', false);
    writeBanner(logs, 'database reset', this.configFile, this.port);
    try {
      await resetDatabase(url);
    } catch (err) {
      const detail = redactSecrets((err as Error).message, secretValues({ ...process.env, ...this.options.env }));
      throw this.startError(`could not reset its database: ${detail}`, 'migrations', null, null, '', false, err);
    }
    this.databaseReset = true;
  }

  private async runMigrations(command: string, args: string[], env: NodeJS.ProcessEnv, logs: GatewayLogFiles): Promise<void> {
    writeBanner(logs, 'migrations', this.configFile, this.port);
    const offset = await fileSize(logs.stderrPath);
    const exit = await launch(command, [...args, '--run-postgres-migrations'], env, logs).exited;
    if (exit.exitCode === 0) return;
    const tail = await this.stderrTail(offset);
    if (exit.error) throw this.startError(`migrations could not be launched (${command}): ${exit.error.message}`, 'migrations', null, null, tail, false, exit.error);
    throw this.startError(`migrations failed with ${describeExit(exit)}`, 'migrations', exit.exitCode, exit.signal, tail, false);
  }

  private async stderrTail(offset: number): Promise<string> {
    const tail = await readLogTail(path.join(this.logDir, 'gateway.stderr.log'), offset, STDERR_TAIL_LINES);
    return redactSecrets(tail, secretValues({ ...process.env, ...this.options.env }));
  }

  private startError(
    problem: string,
    stage: GatewayStartStage,
    exitCode: number | null,
    signal: string | null,
    tail: string,
    timedOut: boolean,
    cause?: unknown,
  ): GatewayStartError {
    const stderr = tail ? `; last stderr lines:\n${tail}` : '';
    return new GatewayStartError(`${this.role} gateway (${this.kind}, config=${this.configFile}) ${problem}${stderr}`, this.role, stage, exitCode, signal, tail, timedOut, { cause });
  }

  /** Start failed: make sure nothing is left running. */
  private async kill(): Promise<void> {
    const launched = this.current;
    if (launched && this.exit === undefined) {
      launched.child.kill('SIGKILL');
      await launched.exited;
    }
    this.current = undefined;
    this.exit = undefined;
    if (launched) await removePidFileOf(this.logDir, launched.child.pid);
  }
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, logs: GatewayLogFiles): LaunchedChild {
  const child = spawn(command, args, { env, stdio: ['ignore', logs.stdoutFd, logs.stderrFd] });
  const exited = new Promise<GatewayExit & { error?: Error }>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    // A spawn failure (ENOENT, EACCES) emits 'error' and never 'exit'.
    child.once('error', (error) => {
      if (child.pid === undefined) resolve({ exitCode: null, signal: null, error });
    });
  });
  return { child, exited };
}

function describeExit(exit: GatewayExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The host to put in the URL: wildcard binds are reached over loopback. */
function urlHost(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `host:port` needs brackets around IPv6 literals. */
function bindHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
