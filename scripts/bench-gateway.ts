/**
 * Benchmark script (not a test): what the built-in gateway adds to an inference.
 *
 * Runs the simulated model server and the real built-in gateway (SQLite store) as two
 * subprocesses and drives them from this process over keep-alive HTTP (every hop keeps its
 * sockets: load generator → gateway, gateway → simulator via fetch's pool, load generator →
 * simulator). For each concurrency level the same requests go (a) straight to the simulator's
 * /v1/chat/completions and (b) through the gateway's /inference. Request i carries the same
 * messages both ways, so the simulator gives it the same (deterministic) delay both ways.
 *
 * Scenarios:
 *   zero       the simulator answers at once: measures the gateway's cost, and at concurrency
 *              100 mostly the queueing of a saturated machine; then the maximum inferences/s
 *              (closed loop at --max-concurrency).
 *   realistic  the simulator waits tier latency × --latency-scale (default 20: sim::small →
 *              about 60–170 ms), so the load stays below what the machine can serve and the
 *              difference is the gateway's own latency.
 *
 * Prints markdown tables for README.md with the machine (cores, CPU, Node version), and the
 * CPU time each process spent per inference (the bound on throughput).
 *
 *   (options: USAGE below; `--help` prints them)
 *
 * --cpu-prof runs the gateway under `node --cpu-prof`; summarise the profile it leaves in <dir>
 * with `node dist/scripts/cpu-profile-top.js <dir>/*.cpuprofile`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPoster, pairedDifferences, percentile, runLoad, type LoadResult } from './bench-load';
import { startGateway, startSimulator, type BenchChild } from './bench-processes';
import { scriptArgs } from './script-args';

const USAGE = `
  node dist/scripts/bench-gateway.js [--requests 2000] [--concurrency 1,10,100]
    [--scenarios zero,realistic] [--latency-scale 20] [--max-seconds 30]
    [--max-concurrency 100] [--throughput-requests 10000] [--cpu-prof <dir>]
`;

const ms = (v: number) => `${v.toFixed(2)} ms`;

interface Rig {
  sim: BenchChild;
  gateway: BenchChild;
  direct: (i: number) => Promise<void>;
  viaGateway: (i: number) => Promise<void>;
  close(): Promise<void>;
}

async function startRig(latencyScale: number, maxSockets: number, cpuProfDir?: string): Promise<Rig> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));
  const sim = await startSimulator(latencyScale);
  const gateway = await startGateway({ simUrl: sim.url, workDir, cpuProfDir }).catch(async (err: unknown) => {
    await sim.stop();
    throw err;
  });
  const simPoster = createPoster(sim.url, maxSockets);
  const gatewayPoster = createPoster(gateway.url, maxSockets);
  const simPath = `${new URL(sim.url).pathname}chat/completions`;
  const message = (i: number) => [{ role: 'user', content: `Say something short. #${i}` }];
  return {
    sim,
    gateway,
    direct: (i) => simPoster.post(simPath, JSON.stringify({ model: 'small', messages: message(i) })),
    viaGateway: (i) => gatewayPoster.post('/inference', JSON.stringify({ function_name: 'echo', input: { messages: message(i) } })),
    async close() {
      simPoster.close();
      gatewayPoster.close();
      await gateway.stop();
      await sim.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Runs `send` and reports how much CPU the gateway and the simulator used meanwhile. */
async function measured(rig: Rig, total: number, concurrency: number, maxSeconds: number, send: (i: number) => Promise<void>) {
  const g0 = rig.gateway.cpuSeconds() ?? Number.NaN;
  const s0 = rig.sim.cpuSeconds() ?? Number.NaN;
  const load = await runLoad(total, concurrency, maxSeconds, send);
  const count = load.sorted.length;
  return {
    load,
    count,
    perSecond: count / load.seconds,
    gatewayCpuMs: (((rig.gateway.cpuSeconds() ?? Number.NaN) - g0) * 1000) / count,
    simCpuMs: (((rig.sim.cpuSeconds() ?? Number.NaN) - s0) * 1000) / count,
    loadCpuMs: (load.cpuSeconds * 1000) / count,
  };
}

const LEVEL_HEADER = [
  '| concurrency | requests | direct p50 | direct p99 | gateway p50 | gateway p99 | added p50 | added p99 | per-request added p99 | gateway inferences/s | gateway CPU / inference |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];

function levelRow(concurrency: number, direct: LoadResult, gateway: { load: LoadResult; perSecond: number; gatewayCpuMs: number }): string {
  const [d50, d99] = [percentile(direct.sorted, 50), percentile(direct.sorted, 99)];
  const [g50, g99] = [percentile(gateway.load.sorted, 50), percentile(gateway.load.sorted, 99)];
  const paired = pairedDifferences(direct.byIndex, gateway.load.byIndex);
  return `| ${concurrency} | ${paired.length} | ${ms(d50)} | ${ms(d99)} | ${ms(g50)} | ${ms(g99)} | ${ms(g50 - d50)} | ${ms(g99 - d99)} | ${ms(percentile(paired, 99))} | ${Math.round(gateway.perSecond)} | ${ms(gateway.gatewayCpuMs)} |`;
}

async function levels(rig: Rig, levelsList: number[], total: number, maxSeconds: number): Promise<string[]> {
  const rows: string[] = [];
  for (const concurrency of levelsList) {
    // Open `concurrency` sockets on every hop before measuring.
    const warm = Math.min(total, concurrency * 3 + 20);
    await runLoad(warm, concurrency, maxSeconds, rig.direct);
    await runLoad(warm, concurrency, maxSeconds, rig.viaGateway);
    const direct = await runLoad(total, concurrency, maxSeconds, rig.direct);
    const viaGateway = await measured(rig, total, concurrency, maxSeconds, rig.viaGateway);
    rows.push(levelRow(concurrency, direct, viaGateway));
    process.stderr.write(`  ${rows[rows.length - 1]}\n`);
  }
  return rows;
}

async function main(): Promise<void> {
  const args = scriptArgs(USAGE);
  const total = args.number('--requests', 2000);
  const levelsList = args.value('--concurrency', '1,10,100').split(',').map(Number);
  const scenarios = args.value('--scenarios', 'zero,realistic').split(',');
  const latencyScale = args.number('--latency-scale', 20);
  const maxSeconds = args.number('--max-seconds', 30);
  const maxConcurrency = args.number('--max-concurrency', 100);
  const throughputRequests = args.number('--throughput-requests', 10000);
  const cpuProfDir = args.given('--cpu-prof') ? path.resolve(args.value('--cpu-prof', '')) : undefined;
  const sockets = Math.max(maxConcurrency, ...levelsList);
  const cpus = os.cpus();
  const out: string[] = [
    `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `load generator, simulator and gateway are three processes on these cores; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
    '',
  ];

  if (scenarios.includes('zero')) {
    const rig = await startRig(0, sockets, cpuProfDir);
    try {
      process.stderr.write('zero-latency model\n');
      await runLoad(1000, 10, maxSeconds, rig.direct); // JIT warm-up
      await runLoad(1000, 10, maxSeconds, rig.viaGateway);
      const rows = await levels(rig, levelsList, total, maxSeconds);
      await runLoad(sockets * 3, maxConcurrency, maxSeconds, rig.viaGateway);
      const direct = await measured(rig, throughputRequests, maxConcurrency, maxSeconds, rig.direct);
      const gw = await measured(rig, throughputRequests, maxConcurrency, maxSeconds, rig.viaGateway);
      out.push(`**Zero-latency model** (${total} requests per level; added = gateway − direct at the same percentile; per-request added = p99 of gateway[i] − direct[i]):`, '');
      out.push(...LEVEL_HEADER, ...rows, '');
      out.push(`**Maximum throughput**, zero-latency model, closed loop at concurrency ${maxConcurrency}, ${gw.count} inferences:`, '');
      out.push('| path | requests/s | gateway CPU / request | simulator CPU / request | load generator CPU / request |', '|---|---|---|---|---|');
      out.push(`| direct to simulator | ${Math.round(direct.perSecond)} | – | ${ms(direct.simCpuMs)} | ${ms(direct.loadCpuMs)} |`);
      out.push(`| through gateway | ${Math.round(gw.perSecond)} | ${ms(gw.gatewayCpuMs)} | ${ms(gw.simCpuMs)} | ${ms(gw.loadCpuMs)} |`, '');
    } finally {
      await rig.close();
    }
  }

  if (scenarios.includes('realistic')) {
    const rig = await startRig(latencyScale, sockets);
    try {
      process.stderr.write(`model latency × ${latencyScale}\n`);
      await runLoad(500, 100, maxSeconds, rig.direct); // JIT warm-up
      await runLoad(500, 100, maxSeconds, rig.viaGateway);
      const rows = await levels(rig, levelsList, total, maxSeconds);
      out.push(
        `**Model with latency** (sim::small × ${latencyScale}: about ${3 * latencyScale}–${8.5 * latencyScale} ms; up to ${total} requests or ${maxSeconds} s per level and path):`,
        '',
      );
      out.push(...LEVEL_HEADER, ...rows, '');
    } finally {
      await rig.close();
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (cpuProfDir) process.stdout.write(`gateway CPU profile written to ${cpuProfDir}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
