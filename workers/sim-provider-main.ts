import { Command, InvalidArgumentError } from 'commander';
import { createSimProviderServer } from '../sim-provider/server';
import { BUILTIN_ORACLES } from './sim-oracles';

/** Runs the simulated provider standalone with the built-in oracles and prints its base URL (for TensorZero's `api_base`). */
async function run(): Promise<void> {
  const program = new Command('sim-provider')
    .description('Simulated OpenAI-compatible model provider (sim::small|medium|large), deterministic per seed')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 = any free port)', parseInteger, 0)
    .option('--seed <seed>', 'seed for every answer', parseInteger, 0)
    .option('--latency-scale <factor>', 'multiplies the simulated latency (0 = none)', parseFloat, 1)
    .parse();
  const opts = program.opts<{ host: string; port: number; seed: number; latencyScale: number }>();
  const server = await createSimProviderServer({ seed: opts.seed, host: opts.host, port: opts.port, latencyScale: opts.latencyScale, oracles: BUILTIN_ORACLES });
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

run().catch((err: unknown) => {
  process.stderr.write(`sim-provider: ${(err as Error).message}\n`);
  process.exit(1);
});
