/**
 * The built-in gateway process: `node dist/builtin-gateway/main.js --config-file <path-or-glob>`.
 * Binds to TENSORZERO_GATEWAY_BIND_ADDRESS (default 127.0.0.1:3000), stores observability data
 * in the SQLite file AUTOPILOT_BENCH_GATEWAY_STORE (in memory when unset), and shuts down
 * gracefully on SIGTERM, SIGINT and SIGHUP.
 */
import { getLogger } from '../common/logger';
import { runGatewayCli } from './cli/run-cli';

async function main(): Promise<void> {
  const outcome = await runGatewayCli(process.argv.slice(2), {
    env: process.env,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.code;
    return;
  }
  const { server, store } = outcome;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    getLogger('builtin-gateway').info({ signal }, 'shutting down');
    void server
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`shutdown failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
