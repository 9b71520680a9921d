#!/usr/bin/env node
import { NativeConnection } from '@temporalio/worker';
import { installRuntimeLogging } from './runtime-logging';
import { createBenchmarkWorker } from './benchmark-worker';
import { getLogger } from '../common/logger';
import { ensureSearchAttributes } from '../client/connect';
import { temporalNamespace } from '../common/state-dir';
import { temporalConnectionOptions } from '../common/temporal-connection';

/** A standalone worker process (what `autopilot-benchmark worker` and the compose `worker` service run). */
export async function runStandaloneWorker(options: { address?: string; namespace?: string; maxRuns?: number } = {}): Promise<void> {
  installRuntimeLogging();
  // TLS and API key from TEMPORAL_TLS_* / TEMPORAL_API_KEY, as the CLI's client (common/temporal-connection.ts)
  const connection = await NativeConnection.connect({ ...temporalConnectionOptions(process.env, 'localhost:7233'), ...(options.address ? { address: options.address } : {}) });
  try {
    // runs started with plain `temporal workflow start` set these too; the server must know them
    await ensureSearchAttributes(connection, options.namespace ?? temporalNamespace());
    const worker = await createBenchmarkWorker({ connection, namespace: options.namespace, maxRuns: options.maxRuns });
    await worker.run(); // resolves after SIGINT/SIGTERM, which the Temporal runtime turns into a shutdown
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runStandaloneWorker().then(
    () => process.exit(0),
    (err) => {
      getLogger('worker').error({ err: String(err) }, 'worker failed');
      process.exit(1);
    },
  );
}
