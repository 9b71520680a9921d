import { promises as fs, closeSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The gateway's log files (reference/original-harness.md §8): `gateway.stdout.log` and
 * `gateway.stderr.log` in the log dir, opened in append mode so they accumulate across
 * restarts, each stage introduced by a banner line. The child writes to them directly.
 */

export const STDOUT_LOG = 'gateway.stdout.log';
export const STDERR_LOG = 'gateway.stderr.log';

export interface GatewayLogFiles {
  stdoutFd: number;
  stderrFd: number;
  stderrPath: string;
  close(): void;
}

export async function openGatewayLogs(logDir: string): Promise<GatewayLogFiles> {
  await fs.mkdir(logDir, { recursive: true });
  const stdoutFd = openSync(path.join(logDir, STDOUT_LOG), 'a');
  let stderrFd: number;
  try {
    stderrFd = openSync(path.join(logDir, STDERR_LOG), 'a');
  } catch (err) {
    closeSync(stdoutFd);
    throw err;
  }
  let closed = false;
  return {
    stdoutFd,
    stderrFd,
    stderrPath: path.join(logDir, STDERR_LOG),
    close() {
      if (closed) return;
      closed = true;
      closeSync(stdoutFd);
      closeSync(stderrFd);
    },
  };
}

/** `=== [<ISO timestamp>] <stage> (config=<path>, port=<port>) ===` on both logs. No env values. */
export function writeBanner(logs: GatewayLogFiles, stage: string, configFile: string, port: number): void {
  const line = `=== [${new Date().toISOString()}] ${stage} (config=${configFile}, port=${port}) ===\n`;
  writeSync(logs.stdoutFd, line);
  writeSync(logs.stderrFd, line);
}
