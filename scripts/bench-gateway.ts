/**
 * Benchmark script (not a test): what the built-in gateway adds to an inference.
 *
 * Starts the simulated model server in this process with zero simulated latency, and the real
 * built-in gateway as a subprocess on an SQLite store, then sends the same chat request
 * (a) straight to the simulator's /v1/chat/completions and (b) through the gateway's /inference,
 * at several concurrency levels. Reports the p50 / p99 latency of each and the difference, and
 * the gateway's throughput in inferences per second.
 *
 *   node dist/scripts/bench-gateway.js [--requests 2000] [--concurrency 1,10,100]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSimProviderServer } from '../sim-provider/server';
import { createGatewayProcess } from '../gateway/process';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sends `total` requests with at most `concurrency` in flight; returns each latency (ms) and the wall time. */
async function load(total: number, concurrency: number, send: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - start) / 1000 };
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

async function main(): Promise<void> {
  const total = Number(arg('--requests', '2000'));
  const levels = arg('--concurrency', '1,10,100').split(',').map(Number);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));
  writeFileSync(
    path.join(dir, 'tensorzero.toml'),
    ['[functions.echo]', 'type = "chat"', '', '[functions.echo.variants.v]', 'type = "chat_completion"', 'model = "sim::small"', ''].join('\n'),
  );
  const sim = await createSimProviderServer({ seed: 1, latencyScale: 0 });
  const gateway = await createGatewayProcess({
    kind: 'builtin',
    role: 'train',
    configFile: path.join(dir, 'tensorzero.toml'),
    host: '127.0.0.1',
    port: 0,
    logDir: path.join(dir, 'gateway'),
    env: { AUTOPILOT_BENCH_SIM_URL: sim.url, AUTOPILOT_BENCH_GATEWAY_STORE: path.join(dir, 'store.sqlite'), LOG_LEVEL: 'warn' },
    startupTimeoutMs: 30_000,
    shutdownTimeoutMs: 10_000,
  });
  await gateway.start();
  const message = 'Say something short.';
  const direct = (i: number) => post(`${sim.url}chat/completions`, { model: 'small', messages: [{ role: 'user', content: `${message} #${i}` }] });
  const viaGateway = (i: number) => post(`${gateway.url}/inference`, { function_name: 'echo', input: { messages: [{ role: 'user', content: `${message} #${i}` }] } });
  try {
    await load(200, 10, direct); // warm-up
    await load(200, 10, viaGateway);
    console.log(`${total} requests per level, zero simulated latency, gateway storing every inference in SQLite\n`);
    console.log('| concurrency | direct p50 | direct p99 | gateway p50 | gateway p99 | added p50 | added p99 | gateway inferences/s |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const concurrency of levels) {
      const a = await load(total, concurrency, direct);
      const b = await load(total, concurrency, viaGateway);
      const [d50, d99, g50, g99] = [percentile(a.latencies, 50), percentile(a.latencies, 99), percentile(b.latencies, 50), percentile(b.latencies, 99)];
      console.log(
        `| ${concurrency} | ${d50.toFixed(2)} ms | ${d99.toFixed(2)} ms | ${g50.toFixed(2)} ms | ${g99.toFixed(2)} ms | ${(g50 - d50).toFixed(2)} ms | ${(g99 - d99).toFixed(2)} ms | ${Math.round(total / b.seconds)} |`,
      );
    }
  } finally {
    await gateway.stop();
    await sim.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
