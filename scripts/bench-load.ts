/**
 * The load generator of `bench-gateway.ts`: closed-loop HTTP POSTs over keep-alive sockets
 * (node:http, one pooled socket per in-flight request), latency per request index, percentiles.
 * Kept deliberately cheap so that it steals as little CPU as possible from what it measures.
 */
import * as http from 'node:http';

export interface LoadResult {
  /** latency (ms) of request i, NaN when it was not sent (time cap reached) */
  byIndex: Float64Array;
  /** sorted latencies of the requests that were sent */
  sorted: number[];
  seconds: number;
  /** CPU seconds this process (the load generator) spent during the run */
  cpuSeconds: number;
}

export interface Poster {
  post(path: string, body: string): Promise<void>;
  close(): void;
}

/** A keep-alive client for one origin; `maxSockets` bounds the pool (use the highest concurrency). */
export function createPoster(baseUrl: string, maxSockets: number): Poster {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  const post = (path: string, body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode === 200) resolve();
            else reject(new Error(`${path}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * Sends requests 0..total-1 with exactly `concurrency` in flight (closed loop) until all are
 * done or `maxSeconds` have passed (then no new request starts).
 */
export async function runLoad(total: number, concurrency: number, maxSeconds: number, send: (i: number) => Promise<void>): Promise<LoadResult> {
  const byIndex = new Float64Array(total).fill(Number.NaN);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        await send(i);
        byIndex[i] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = Array.from(byIndex).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { byIndex, sorted, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** gateway[i] − direct[i] for every index both runs completed, ascending (same request ⇒ same simulated model delay). */
export function pairedDifferences(direct: Float64Array, gateway: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(direct.length, gateway.length); i++) {
    if (!Number.isNaN(direct[i]) && !Number.isNaN(gateway[i])) out.push(gateway[i] - direct[i]);
  }
  return out.sort((a, b) => a - b);
}
