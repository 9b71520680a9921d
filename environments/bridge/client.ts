import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { getLogger } from '../../common/logger';
import { findProjectRoot } from '../../common/project-root';
import { BridgeCrashedError, BridgeProtocolError, BridgeRemoteError, BridgeStartError, BridgeTimeoutError, type RemoteErrorBody } from './errors';
import { readCappedLines } from './line-reader';

const log = getLogger('bridge');

/** Env var naming the Python the bridge runs. */
export const PYTHON_ENV_VAR = 'AUTOPILOT_BENCH_PYTHON';
/** Env var with extra environment modules (comma-separated .py paths) the server loads. */
export const EXTRA_MODULES_ENV_VAR = 'AUTOPILOT_BENCH_BRIDGE_MODULES';
/** Default per-request timeout: long, because a Harbor step may run a command for many minutes (episodes have their own timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15 * 60_000;
const STDERR_TAIL_LINES = 40;
/** After the process exits, how long to wait for its last stdout lines before failing what is still pending. */
const EXIT_DRAIN_MS = 300;
/** Longest stdout line accepted (a spec, an observation or a step's result is one line). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 2 ** 20;

export interface BridgeClientOptions {
  /** the interpreter; default `$AUTOPILOT_BENCH_PYTHON`, else `<project>/.venv/bin/python` when it exists, else `python3` */
  python?: string;
  /** extra environment modules (paths of .py files exposing ENVIRONMENTS), added to `$AUTOPILOT_BENCH_BRIDGE_MODULES` */
  extraModules?: string[];
  /** variables added to (or overriding) this process's environment for the Python process */
  env?: NodeJS.ProcessEnv;
  /** per-request timeout in ms (default 15 min); 0 = none */
  requestTimeoutMs?: number;
  /** longest stdout line accepted before the process counts as broken (default 64 MiB) */
  maxLineBytes?: number;
}

export interface RequestOptions {
  /** overrides the client's per-request timeout; 0 = none */
  timeoutMs?: number;
  /**
   * Only send when the process is still the one of this generation (an environment's process);
   * otherwise fail at once with BridgeCrashedError instead of starting a new process.
   */
  generation?: number;
}

interface Pending {
  op: string;
  generation: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}

interface Running {
  child: ChildProcess;
  generation: number;
  stderrTail: string[];
  exited: boolean;
  /** stdout broke the protocol: the process is being stopped and its further output is ignored */
  broken?: boolean;
}

/** The project root (from source and from `dist/`). */
export function projectRoot(): string {
  return findProjectRoot(__dirname);
}

/** The Python interpreter the bridge runs. */
export function resolvePython(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[PYTHON_ENV_VAR];
  if (fromEnv) return fromEnv;
  const venv = path.join(projectRoot(), '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/**
 * A project-local virtualenv of its own for some bridged environments (τ-bench's `.venv-tau2`):
 * their packages are heavy to import or pin versions that must not meet the others'.
 */
export interface BridgeVirtualenv {
  /** the directory under the project root, e.g. `.venv-tau2` */
  dir: string;
  /** a variable naming another interpreter for these environments */
  pythonEnvVar: string;
}

/** That virtualenv's interpreter: its variable, else `<project>/<dir>/bin/python` when it exists, else the default bridge Python. */
export function resolveVirtualenvPython(venv: BridgeVirtualenv, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[venv.pythonEnvVar];
  if (fromEnv) return fromEnv;
  const local = path.join(projectRoot(), venv.dir, 'bin', 'python');
  return existsSync(local) ? local : resolvePython(env);
}

/** bridge_server.py (kept in the source tree; the build does not copy it). */
export function bridgeServerPath(): string {
  return path.join(projectRoot(), 'environments', 'bridge', 'python', 'bridge_server.py');
}

/**
 * The JSON-lines client of one long-lived Python bridge process (`bridge_server.py`). Requests
 * are matched to answers by id, so many can be in flight; each has a timeout. When the process
 * dies, its pending requests fail with BridgeCrashedError and the next request starts a new
 * process transparently (environments made by the dead one are lost: their requests fail with
 * BridgeCrashedError too). The process does not keep Node alive while nothing is pending.
 */
export class BridgeClient {
  readonly python: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly requestTimeoutMs: number;
  private readonly maxLineBytes: number;
  private running: Running | null = null;
  private generationCounter = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(options: BridgeClientOptions = {}) {
    const baseEnv = { ...process.env, ...options.env };
    this.python = options.python ?? resolvePython(baseEnv);
    const modules = [baseEnv[EXTRA_MODULES_ENV_VAR], ...(options.extraModules ?? []).map((m) => path.resolve(m))].filter((m): m is string => !!m);
    this.env = {
      ...baseEnv,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ in the source tree
      PYTHONIOENCODING: 'utf-8',
      ...(modules.length ? { [EXTRA_MODULES_ENV_VAR]: modules.join(',') } : {}),
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** The running process's pid (undefined when none runs). */
  get pid(): number | undefined {
    return this.running && !this.running.exited ? this.running.child.pid : undefined;
  }

  /** The last lines the current (or last) process wrote to stderr, for diagnostics. */
  get stderrTail(): readonly string[] {
    return this.running ? [...this.running.stderrTail] : [];
  }

  /** Increases each time a process starts; environments remember the one that made them. */
  get generation(): number {
    return this.generationCounter;
  }

  /** Sends one request and resolves with its `result`; rejects with BridgeRemoteError, BridgeCrashedError, BridgeTimeoutError or BridgeStartError. */
  async request<T = unknown>(op: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<T> {
    return (await this.requestTracked<T>(op, params, options)).result;
  }

  /** Like `request`, and tells which process generation answered. */
  requestTracked<T = unknown>(op: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<{ result: T; generation: number }> {
    if (options.generation !== undefined && (this.generationCounter !== options.generation || !this.running || this.running.exited)) {
      return Promise.reject(new BridgeCrashedError(`the environment bridge process that held this environment has exited; '${op}' cannot be sent`));
    }
    let running: Running;
    try {
      running = this.ensureProcess();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return new Promise<{ result: T; generation: number }>((resolve, reject) => {
      const entry: Pending = {
        op,
        generation: running.generation,
        resolve: (value) => resolve({ result: value as T, generation: running.generation }),
        reject,
      };
      if (timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          this.updateRefs();
          reject(new BridgeTimeoutError(op, timeoutMs));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      this.updateRefs();
      running.child.stdin!.write(JSON.stringify({ ...params, id, op }) + '\n');
    });
  }

  /** Stops the process (closing stdin lets it close its environments); the next request starts a new one. */
  async close(): Promise<void> {
    const running = this.running;
    if (!running || running.exited) return;
    this.running = null;
    const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
    running.child.stdin?.end();
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  // ---- process management ----------------------------------------------------------------

  private ensureProcess(): Running {
    if (this.running && !this.running.exited) return this.running;
    const server = bridgeServerPath();
    const child = spawn(this.python, ['-u', server], { stdio: ['pipe', 'pipe', 'pipe'], env: this.env, cwd: projectRoot() });
    const running: Running = { child, generation: ++this.generationCounter, stderrTail: [], exited: false };
    this.running = running;
    log.debug({ python: this.python, pid: child.pid, generation: running.generation }, 'started the environment bridge');

    let stdoutEnded = false;
    let drained: (() => void) | null = null;
    readCappedLines(
      child.stdout!,
      this.maxLineBytes,
      (line) => this.onLine(running, line),
      (head) => this.breakProtocol(running, new BridgeProtocolError(`a line longer than ${this.maxLineBytes} bytes`, head)),
    );
    child.stdout!.on('close', () => {
      stdoutEnded = true;
      drained?.();
    });
    const errLines = readline.createInterface({ input: child.stderr!, crlfDelay: Infinity });
    errLines.on('line', (line) => {
      running.stderrTail.push(line);
      if (running.stderrTail.length > STDERR_TAIL_LINES) running.stderrTail.shift();
      // bridge_server.py logs as "[bridge <pid>] LEVEL logger: message"; anything else is a library's output
      const m = /^\[bridge \d+\] (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+): (.*)$/.exec(line);
      const level = m?.[1] ?? (/Traceback|Error\b/.test(line) ? 'WARNING' : 'DEBUG');
      const text = m ? `${m[2]}: ${m[3]}` : line;
      if (level === 'WARNING' || level === 'ERROR' || level === 'CRITICAL') log.warn({ pid: child.pid }, text);
      else log.debug({ pid: child.pid }, text);
    });
    child.stdin!.on('error', (err) => log.debug({ err: String(err) }, 'bridge stdin error'));

    let died = false;
    const onDeath = (error: Error) => {
      if (died) return;
      died = true;
      running.exited = true;
      if (this.running === running) this.running = null;
      // Answers the process wrote just before dying may still be in the pipe: read them first.
      const fail = () => this.failPending(running.generation, error);
      if (stdoutEnded) fail();
      else {
        const timer = setTimeout(fail, EXIT_DRAIN_MS);
        drained = () => {
          clearTimeout(timer);
          fail();
        };
      }
    };
    child.on('error', (err) => {
      // spawn failures (ENOENT) come here; a later kill() error too
      if (child.pid === undefined) onDeath(new BridgeStartError(this.python, err));
      else log.warn({ err: String(err) }, 'environment bridge process error');
    });
    child.on('exit', (code, signal) => {
      const tail = running.stderrTail.join('\n');
      if (this.pending.size > 0 || (code !== 0 && signal === null)) {
        log.warn({ code, signal, pid: child.pid }, 'the environment bridge process exited');
      }
      onDeath(new BridgeCrashedError(`the environment bridge process (pid ${child.pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`}`, code, signal, tail));
    });
    this.updateRefs();
    return running;
  }

  private onLine(running: Running, line: string): void {
    if (running.broken || !line.trim()) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return this.breakProtocol(running, new BridgeProtocolError('a line that is not JSON', line));
    }
    const { id, ok, result, error } = (message ?? {}) as { id?: unknown; ok?: unknown; result?: unknown; error?: RemoteErrorBody };
    if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof id !== 'number' || typeof ok !== 'boolean') {
      return this.breakProtocol(running, new BridgeProtocolError('a message that is not {"id": <number>, "ok": true|false, ...}', line));
    }
    const entry = this.pending.get(id);
    if (!entry) {
      if (ok === false) log.warn({ error }, 'the environment bridge reported an error for no pending request');
      return; // e.g. answered after its timeout
    }
    this.pending.delete(id);
    clearTimeout(entry.timer);
    this.updateRefs();
    if (ok) entry.resolve(result);
    else entry.reject(new BridgeRemoteError(entry.op, error ?? { type: 'BridgeProtocolError', message: 'error response without an error body', traceback: '' }));
  }

  /** The stdout stream is corrupt: fail what waits on this process and stop it; the next request starts a new one. */
  private breakProtocol(running: Running, error: BridgeProtocolError): void {
    if (running.broken) return;
    running.broken = true;
    log.warn({ pid: running.child.pid, violation: error.violation }, error.message);
    this.failPending(running.generation, error);
    if (this.running === running) this.running = null;
    running.child.kill('SIGKILL');
  }

  private failPending(generation: number, error: Error): void {
    for (const [id, entry] of this.pending) {
      if (entry.generation !== generation) continue;
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.updateRefs();
  }

  /** Keeps Node alive only while requests are pending. */
  private updateRefs(): void {
    const running = this.running;
    if (!running || running.exited) return;
    const busy = this.pending.size > 0;
    const { child } = running;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as ({ ref?(): void; unref?(): void } | null)[]) {
      if (busy) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}

/** A client with its own process (tests, tools). Most code uses `sharedBridgeClient()`. */
export function createBridgeClient(options: BridgeClientOptions = {}): BridgeClient {
  return new BridgeClient(options);
}

const shared = new Map<string, BridgeClient>();

/**
 * The process-wide client of one interpreter, created on first use: one Python process serves
 * every bridged environment of the default bridge Python, and one each those of a virtualenv of
 * their own (`venv`).
 */
export function sharedBridgeClient(venv?: BridgeVirtualenv): BridgeClient {
  const python = venv ? resolveVirtualenvPython(venv) : resolvePython();
  let client = shared.get(python);
  if (!client) {
    client = new BridgeClient({ python });
    shared.set(python, client);
  }
  return client;
}
