import { NativeConnection } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { getLogger } from '../common/logger';
import { installRuntimeLogging } from '../workers/runtime-logging';
import { createBenchmarkWorker, type BenchmarkWorker } from '../workers/benchmark-worker';
import { ensureTemporalServer, type TemporalTarget } from './temporal-server';
import { connectClient } from './connect';
import { stateDir, temporalAddress, temporalNamespace } from '../common/state-dir';
import { temporalConnectionOptions } from '../common/temporal-connection';

const log = getLogger('cli');

export interface TemporalSession {
  client: Client;
  server: TemporalTarget;
  namespace: string;
}

/**
 * Connects to (or starts) the Temporal server, optionally runs a worker in this process, calls
 * `fn`, and shuts everything down again.
 */
export async function withTemporal<T>(options: { localWorker: boolean; startServer?: boolean; maxRuns?: number }, fn: (session: TemporalSession) => Promise<T>): Promise<T> {
  const server = await ensureTemporalServer({ address: temporalAddress(), stateDir: stateDir(), start: options.startServer ?? true });
  if (server.started) log.info(`started a local Temporal dev server at ${server.address}`);
  if (server.uiUrl) log.info(`Temporal Web UI: ${server.uiUrl}`);
  const namespace = temporalNamespace();
  const { client, connection } = await connectClient(server.address, namespace);

  let worker: BenchmarkWorker | undefined;
  let workerDone: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  // Ctrl-C: the workflow lives on the server; stop the in-process worker cleanly and say how to go on.
  const onInterrupt = () => {
    log.warn(
      'interrupted: the run keeps its place on the Temporal server and waits for a worker. ' +
        'Continue it with `autopilot-benchmark worker`, follow it with `autopilot-benchmark status`, or stop it with `temporal workflow cancel -w <workflow id>`.',
    );
    worker?.shutdown();
    void (workerDone ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    if (options.localWorker) {
      installRuntimeLogging({ shutdownSignals: [] });
      workerConnection = await NativeConnection.connect({ ...temporalConnectionOptions(), address: server.address });
      worker = await createBenchmarkWorker({ connection: workerConnection, namespace, maxRuns: options.maxRuns });
      workerDone = worker.run();
    }
    return await fn({ client, server, namespace });
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
    worker?.shutdown();
    await workerDone?.catch((err) => log.warn({ err: String(err) }, 'worker stopped with an error'));
    await workerConnection?.close();
    await connection.close();
  }
}
