import * as path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/load';
import { applyRunOverrides } from '../config/overrides';
import { runTimestamp, runWorkDir } from '../results/paths';
import { uuid7 } from '../common/uuid7';
import { getLogger, setLogLevel } from '../common/logger';
import { benchmarkRun } from '../workflows';
import { BenchConfig, BenchEnvironment, BenchStatus, SHARED_TASK_QUEUE, type BenchmarkRunInput, type BenchmarkRunResult } from '../workflows/shared';
import { installRuntimeLogging } from '../workers/runtime-logging';
import { createBenchmarkWorker, type BenchmarkWorker } from '../workers/benchmark-worker';
import { ensureTemporalServer } from './temporal-server';
import { connectClient } from './connect';
import { followRun } from './follow-run';
import { stateDir, temporalAddress, temporalNamespace } from './state-dir';

const log = getLogger('cli');

export interface RunCommandOptions {
  config: string;
  env?: string;
  workDir: string;
  snapshot?: string;
  numIterations?: number;
  episodes?: number;
  seed?: number;
  verbose?: boolean;
  remoteWorkers?: boolean;
}

/** Writes to stdout: the summary tables and the final list of work dirs. */
export type Output = (text: string) => void;

/**
 * `autopilot-benchmark run`: one workflow per selected environment, run one after another
 * (as the original: the first failure stops the remaining environments).
 */
export async function runCommand(options: RunCommandOptions, out: Output = (t) => process.stdout.write(t + '\n')): Promise<BenchmarkRunResult[]> {
  if (options.verbose) {
    process.env.LOG_LEVEL = 'debug'; // also reaches the Temporal runtime logger and the gateway subprocesses
    setLogLevel('debug');
  }
  const configPath = path.resolve(options.config);
  const config = loadConfig(configPath);
  const resolved = applyRunOverrides(config, {
    env: options.env,
    numIterations: options.numIterations,
    episodes: options.episodes,
    seed: options.seed,
    snapshot: options.snapshot,
  });

  const server = await ensureTemporalServer({ address: temporalAddress(), stateDir: stateDir() });
  if (server.started) log.info(`started a local Temporal dev server at ${server.address}`);
  if (server.uiUrl) log.info(`Temporal Web UI: ${server.uiUrl}`);
  const namespace = temporalNamespace();
  const { client, connection } = await connectClient(server.address, namespace);

  let worker: BenchmarkWorker | undefined;
  let workerDone: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  if (!options.remoteWorkers) {
    installRuntimeLogging();
    workerConnection = await NativeConnection.connect({ address: server.address });
    worker = await createBenchmarkWorker({ connection: workerConnection, namespace });
    workerDone = worker.run();
  }

  const results: BenchmarkRunResult[] = [];
  try {
    const timestamp = runTimestamp(new Date());
    const root = path.resolve(options.workDir);
    for (const env of resolved.config.environments) {
      const input: BenchmarkRunInput = {
        runId: uuid7(),
        configPath,
        workDir: runWorkDir(root, env.name, timestamp, resolved.seed),
        env,
        infra: resolved.config.infra,
        autopilotTarget: resolved.config.autopilot_target,
        interlocutor: resolved.config.interlocutor,
        seed: resolved.seed,
        cwd: process.cwd(),
        snapshot: resolved.snapshot ? path.resolve(resolved.snapshot) : null,
      };
      const workflowId = `bench-${env.name}-${timestamp}${resolved.seed !== null ? `-seed${resolved.seed}` : ''}`;
      const handle = await client.workflow.start(benchmarkRun, {
        taskQueue: SHARED_TASK_QUEUE,
        workflowId,
        args: [input],
        memo: { config: configPath, environment: env.name, workDir: input.workDir, runId: input.runId },
        typedSearchAttributes: [
          { key: BenchEnvironment, value: env.name },
          { key: BenchConfig, value: path.basename(configPath) },
          { key: BenchStatus, value: 'queued' },
        ],
        staticSummary: `${env.name} — ${path.basename(configPath)}`,
      });
      log.info({ workflowId, workDir: input.workDir }, `started workflow ${workflowId}${server.uiUrl ? ` (${server.uiUrl}/namespaces/${namespace}/workflows/${workflowId})` : ''}`);
      const result = await followRun(handle);
      out(result.summary);
      results.push(result);
    }
    for (const r of results) log.info(`results: ${r.workDir}`);
    out(results.map((r) => `Work dir: ${r.workDir}`).join('\n'));
    return results;
  } finally {
    worker?.shutdown();
    await workerDone?.catch((err) => log.warn({ err: String(err) }, 'worker stopped with an error'));
    await workerConnection?.close();
    await connection.close();
  }
}
