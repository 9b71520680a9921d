import { Command, InvalidArgumentError } from 'commander';
import * as os from 'node:os';
import { createLocalInferenceServer, DEFAULT_MAX_QUEUE } from './inference-server';
import { createModelRuntime } from './model-runtime';
import { openResponseCache, RESPONSE_CACHE_VARIABLE } from './response-cache';

/**
 * The local inference server as its own process (the worker starts one per run, like the
 * gateways): prints its base URL on stdout once listening; SIGTERM stops it cleanly.
 */
async function run(): Promise<void> {
  const program = new Command('local-inference-server')
    .description('OpenAI-compatible chat completions for local:: models (llama.cpp on the CPU)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 = any free port)', parseNonNegative, 0)
    // one thread by default: on a shared, busy 2-core machine llama.cpp's threads wait on each other
    // (SmolLM2, 60 tokens at load 14: 3-5 s on 1 thread, 75-87 s on 2); set 2+ on an idle machine
    .option('--threads <n>', 'CPU threads per generation', parsePositive, 1)
    .option('--max-queue <n>', 'requests waiting or running before 429', parsePositive, DEFAULT_MAX_QUEUE)
    .option('--default-max-tokens <n>', 'output cap for requests without max_tokens', parsePositive, 1024)
    .option('--preload <models>', 'comma-separated models to load before listening', '')
    .parse();
  const opts = program.opts<{ host: string; port: number; threads: number; maxQueue: number; defaultMaxTokens: number; preload: string }>();
  const runtime = createModelRuntime({ threads: opts.threads, availableMemory: memoryLimit() });
  for (const model of opts.preload.split(',').filter(Boolean)) await runtime.preload(model);
  // opt-in: an arena shares one file so each seed's baseline is generated once (response-cache.ts)
  const cacheFile = process.env[RESPONSE_CACHE_VARIABLE];
  const responseCache = cacheFile ? openResponseCache(cacheFile) : undefined;
  const server = await createLocalInferenceServer({ runtime, host: opts.host, port: opts.port, maxQueue: opts.maxQueue, defaultMaxTokens: opts.defaultMaxTokens, responseCache });
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => runtime.close()).then(() => {
    responseCache?.close();
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** $AUTOPILOT_BENCH_LOCAL_MEMORY_LIMIT (bytes) caps the memory a model may assume is free; default os.freemem. */
function memoryLimit(): (() => number) | undefined {
  const raw = process.env.AUTOPILOT_BENCH_LOCAL_MEMORY_LIMIT;
  if (!raw) return undefined;
  const bytes = Number(raw);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`AUTOPILOT_BENCH_LOCAL_MEMORY_LIMIT must be a positive number of bytes, got '${raw}'`);
  return () => Math.min(bytes, os.freemem());
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

// 0 threads, an empty queue or a 0-token cap would start a server that can never answer
function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

run().catch((err: unknown) => {
  process.stderr.write(`local-inference-server: ${(err as Error).message}\n`);
  process.exit(1);
});
