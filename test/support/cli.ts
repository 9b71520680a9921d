import * as path from 'node:path';
import { execa, type Result } from 'execa';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_ENTRY = path.join(REPO_ROOT, 'dist', 'client', 'main.js');

/** Runs the built CLI (`npm run build` happens in scripts/setup.sh) as a real subprocess. */
export async function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Result> {
  return execa('node', [CLI_ENTRY, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    reject: false,
    timeout: options.timeoutMs ?? 600_000,
    all: true,
  });
}
