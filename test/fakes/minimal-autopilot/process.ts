import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/cli';

/** The stand-in third-party autopilot (plain node:http, nothing from our source tree). */
export const MINIMAL_AUTOPILOT_ENTRY = path.join(REPO_ROOT, 'test', 'fakes', 'minimal-autopilot', 'server.js');

export interface MinimalAutopilotProcess {
  url: string;
  child: ChildProcess;
  /** everything it wrote to stderr so far */
  stderr(): string;
  stop(): Promise<void>;
}

export interface MinimalAutopilotOptions {
  token: string;
  /** 0 (default) = any free port */
  port?: number;
  /** the train gateway whose `/internal/config` it reads */
  gatewayUrl?: string;
  stepDelayMs?: number;
  /** the n-th session misbehaves as the n-th entry says (see server.js) */
  sessionFaults?: ('none' | 'invalid-edit' | 'malformed-status')[];
}

/** Starts `node test/fakes/minimal-autopilot/server.js` and waits for its `{"listening": url}` line. */
export function startMinimalAutopilot(options: MinimalAutopilotOptions): Promise<MinimalAutopilotProcess> {
  const args = [MINIMAL_AUTOPILOT_ENTRY, '--port', String(options.port ?? 0), '--token', options.token];
  if (options.gatewayUrl) args.push('--gateway-url', options.gatewayUrl);
  if (options.stepDelayMs !== undefined) args.push('--step-delay-ms', String(options.stepDelayMs));
  if (options.sessionFaults?.length) args.push('--session-faults', options.sessionFaults.join(','));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`minimal autopilot did not start within 10 s: ${stderr}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`minimal autopilot exited with ${code}: ${stderr}`));
    });
    child.stdout!.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').slice(0, -1).find((l) => l.startsWith('{')); // complete lines only
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: (JSON.parse(line) as { listening: string }).listening, child, stderr: () => stderr, stop });
    });
  });
}
