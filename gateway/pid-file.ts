import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { writeJsonAtomic } from '../common/atomic-write';

/**
 * `<logDir>/gateway.pid` exists while a gateway runs. If the worker that started it dies, the
 * file survives, and the next worker using the same log dir can kill the orphan before
 * starting a new gateway.
 */

export const PID_FILE = 'gateway.pid';

export interface GatewayPidRecord {
  pid: number;
  /** the worker process that started the gateway; a gateway whose owner is alive is never reaped by another process */
  ownerPid?: number;
  role: string;
  kind: string;
  port: number;
  configFile: string;
  startedAt: string;
}

export interface ReapResult {
  pid: number;
  /** false when the process was already gone or is not a gateway (pid reused) */
  killed: boolean;
}

const REAP_POLL_MS = 50;

export function pidFilePath(logDir: string): string {
  return path.join(logDir, PID_FILE);
}

export async function writePidFile(logDir: string, record: GatewayPidRecord): Promise<void> {
  await writeJsonAtomic(pidFilePath(logDir), record);
}

export async function removePidFile(logDir: string): Promise<void> {
  await fs.rm(pidFilePath(logDir), { force: true });
}

/** Removes the pid file only while it still names `pid` (another manager may have taken over the log dir). */
export async function removePidFileOf(logDir: string, pid: number | undefined): Promise<void> {
  const record = await readPidFile(logDir);
  if (record && record.pid === pid) await removePidFile(logDir);
}

export async function readPidFile(logDir: string): Promise<GatewayPidRecord | null> {
  const text = await fs.readFile(pidFilePath(logDir), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const record = JSON.parse(text) as GatewayPidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

/**
 * Kills the live gateway named by a stale pid file in `logDir` (SIGTERM, then SIGKILL after
 * `shutdownTimeoutMs`) and removes the file. Null when there is no pid file.
 */
export async function reapOrphanedGateway(logDir: string, options: { shutdownTimeoutMs?: number } = {}): Promise<ReapResult | null> {
  const record = await readPidFile(logDir);
  if (!record) {
    await removePidFile(logDir);
    return null;
  }
  const log = getLogger('gateway.process');
  let killed = false;
  if (record.ownerPid !== undefined && record.ownerPid !== process.pid && isAlive(record.ownerPid)) {
    log.warn({ pid: record.pid, owner: record.ownerPid, logDir }, 'not reaping a gateway whose worker is still alive');
    return { pid: record.pid, killed: false };
  }
  if (isAlive(record.pid) && (await looksLikeGateway(record))) {
    log.warn({ pid: record.pid, role: record.role, logDir }, 'killing an orphaned gateway left by an earlier worker');
    signal(record.pid, 'SIGTERM');
    if (!(await waitForDeath(record.pid, options.shutdownTimeoutMs ?? 10_000))) {
      signal(record.pid, 'SIGKILL');
      await waitForDeath(record.pid, 5_000);
    }
    killed = true;
  }
  await removePidFile(logDir);
  return { pid: record.pid, killed };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // ESRCH: gone; EPERM: not ours to kill
  }
  return !isZombie(pid);
}

/** A zombie has exited and only waits for its parent to collect it. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Guards against pid reuse: on Linux the command line must still name the gateway's config. */
async function looksLikeGateway(record: GatewayPidRecord): Promise<boolean> {
  const cmdline = await fs.readFile(`/proc/${record.pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline === null) return true; // no /proc (macOS): trust the pid file
  return cmdline.includes('--config-file') && cmdline.includes(record.configFile);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForDeath(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, REAP_POLL_MS));
  }
  return true;
}
