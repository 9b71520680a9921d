import { getLogger, setLogLevel } from '../common/logger';
import { validateSnapshot } from '../checkpoints';
import { benchmarkRun } from '../workflows';
import { BenchConfig, BenchEnvironment, BenchStatus, SHARED_TASK_QUEUE, type BenchmarkRunResult } from '../workflows/shared';
import * as path from 'node:path';
import { planRuns } from './run-inputs';
import { resolveEnvironment } from '../environments/resolve';
import { effectiveLlmgymEnv } from '../config/derived';
import { withTemporal } from './temporal-session';
import { followRun } from './follow-run';
import { claimRunDir } from '../results/claim-run-dir';

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
  /** `snapshot` command: run only the baseline and export it under snapshotDir */
  mode?: 'run' | 'snapshot';
  snapshotDir?: string;
}

/** Writes to stdout: the summary tables and the final list of work dirs. */
export type Output = (text: string) => void;

/**
 * `autopilot-benchmark run` (and `snapshot`): one workflow per selected environment, run one
 * after another (as the original: the first failure stops the remaining environments).
 */
export async function runCommand(options: RunCommandOptions, out: Output = (t) => process.stdout.write(t + '\n')): Promise<BenchmarkRunResult[]> {
  if (options.verbose) {
    process.env.LOG_LEVEL = 'debug'; // also reaches the Temporal runtime logger and the gateway subprocesses
    setLogLevel('debug');
  }
  const runs = planRuns({ ...options, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) });
  // Fail before anything starts when an environment is unknown or lacks a package or key.
  for (const { input } of runs) {
    const definition = resolveEnvironment(effectiveLlmgymEnv(input.env));
    await definition.preflight?.(input.env.env_config, process.env);
  }
  // Fail before anything starts when the snapshot does not fit (every mismatch in one message).
  if (options.snapshot) for (const { input } of runs) await validateSnapshot(input.snapshot!, input.env);

  return withTemporal({ localWorker: !options.remoteWorkers }, async ({ client, server, namespace }) => {
    const results: BenchmarkRunResult[] = [];
    for (const { workflowId, input } of runs) {
      input.workDir = await claimRunDir(input.workDir);
      const handle = await client.workflow.start(benchmarkRun, {
        taskQueue: SHARED_TASK_QUEUE,
        workflowId,
        args: [input],
        memo: { config: input.configPath, environment: input.env.name, workDir: input.workDir, runId: input.runId },
        typedSearchAttributes: [
          { key: BenchEnvironment, value: input.env.name },
          { key: BenchConfig, value: path.basename(input.configPath) },
          { key: BenchStatus, value: 'queued' },
        ],
        staticSummary: `${input.mode === 'snapshot' ? 'snapshot of ' : ''}${input.env.name} — ${path.basename(input.configPath)}`,
      });
      log.info({ workflowId, workDir: input.workDir }, `started workflow ${workflowId}${server.uiUrl ? ` (${server.uiUrl}/namespaces/${namespace}/workflows/${workflowId})` : ''}`);
      const result = await followRun(handle);
      if (input.mode === 'snapshot') out(`Snapshot: ${result.snapshotDir}`);
      else out(result.summary);
      results.push(result);
    }
    out(results.map((r) => `Work dir: ${r.workDir}`).join('\n'));
    return results;
  });
}
