import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_ENTRY = path.join(REPO_ROOT, 'dist', 'client', 'main.js');

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved */
  all: string;
}

/** A CLI subprocess still running: its output so far, and its result once it exits. */
export interface RunningCli {
  child: ChildProcess;
  /** stdout and stderr interleaved, so far */
  output(): string;
  done: Promise<CliResult>;
}

/**
 * Starts the built CLI (`npm run build` happens in scripts/setup.sh) as a real subprocess.
 * (node:child_process rather than execa: execa is ESM-only and does not load under Jest.)
 */
export function spawnCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): RunningCli {
  const child = spawn('node', [CLI_ENTRY, ...args], { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  let all = '';
  child.stdout.on('data', (d) => ((stdout += d), (all += d)));
  child.stderr.on('data', (d) => ((stderr += d), (all += d)));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, all });
    });
  });
  return { child, output: () => all, done };
}

/** Runs the built CLI to the end. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}
