/**
 * The processes `bench-gateway.ts` measures, each in its own Node process so none shares an
 * event loop with the load generator: the simulated model server (`dist/workers/sim-provider-main.js`)
 * and the built-in gateway (`dist/builtin-gateway/main.js`, SQLite store), optionally under
 * `--cpu-prof`. Also reads a child's CPU time from /proc (Linux).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BUILTIN_GATEWAY_NODE_FLAGS } from '../gateway/process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../common/ports';

export interface BenchChild {
  child: ChildProcess;
  /** the URL the process printed */
  url: string;
  /** user + system CPU seconds so far (undefined off Linux) */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const DIST = path.resolve(__dirname, '..');

/** The simulated provider with every delay multiplied by `latencyScale` (0 = none); url ends in `/v1/`. */
export function startSimulator(latencyScale: number): Promise<BenchChild> {
  const script = path.join(DIST, 'workers', 'sim-provider-main.js');
  return startChild([script, '--port', '0', '--seed', '1', '--latency-scale', String(latencyScale)], {}, /^(http:\/\/\S+)$/m);
}

export interface GatewayChildOptions {
  simUrl: string;
  workDir: string;
  /** write a V8 CPU profile into this directory on exit */
  cpuProfDir?: string;
}

/** The built-in gateway with one chat function `echo` on `sim::small`, storing inferences in SQLite. */
export async function startGateway(options: GatewayChildOptions): Promise<BenchChild> {
  const configFile = path.join(options.workDir, 'tensorzero.toml');
  writeFileSync(
    configFile,
    ['[functions.echo]', 'type = "chat"', '', '[functions.echo.variants.v]', 'type = "chat_completion"', 'model = "sim::small"', ''].join('\n'),
  );
  const port = await freePort();
  const nodeFlags = [...BUILTIN_GATEWAY_NODE_FLAGS, ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [])];
  return startChild(
    [...nodeFlags, path.join(DIST, 'builtin-gateway', 'main.js'), '--config-file', configFile],
    {
      AUTOPILOT_BENCH_SIM_URL: options.simUrl,
      AUTOPILOT_BENCH_GATEWAY_STORE: path.join(options.workDir, 'store.sqlite'),
      TENSORZERO_GATEWAY_BIND_ADDRESS: `127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
    },
    /listening on (http:\/\/\S+)/,
  );
}

function startChild(args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<BenchChild> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start in 30 s`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${stderr}`));
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`${args.join(' ')} exited with ${code}`));
    child.once('exit', onEarlyExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const m = urlPattern.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        child,
        url: m[1],
        cpuSeconds: () => procCpuSeconds(child.pid),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (assumes 100 clock ticks per second). */
function procCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
