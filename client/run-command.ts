import { getLogger, setLogLevel } from '../common/logger';
import { benchmarkRun } from '../workflows';
import { BenchConfig, BenchEnvironment, BenchStatus, SHARED_TASK_QUEUE, type BenchmarkRunResult } from '../workflows/shared';
import * as path from 'node:path';
import { planMatrix, type PlannedRun } from './run-inputs';
import { preflightRuns } from './preflight/run-preflight';
import { withTemporal } from './temporal-session';
import { followRun } from './follow-run';
import { claimRunDir } from '../results/claim-run-dir';
import type { Client } from '@temporalio/client';
import { matrixCells, renderMatrixSummary } from './matrix-summary';

const log = getLogger('cli');

export interface RunCommandOptions {
  config: string;
  /** several configs (`--config a.yaml --config b.yaml` or `a.yaml,b.yaml`), `config` first; absent for one */
  configs?: string[];
  env?: string;
  workDir: string;
  snapshot?: string;
  numIterations?: number;
  episodes?: number;
  seed?: number;
  /** `--seeds`: one run per seed */
  seeds?: number[];
  verbose?: boolean;
  remoteWorkers?: boolean;
  /** `snapshot` command: run only the baseline and export it under snapshotDir */
  mode?: 'run' | 'snapshot';
  snapshotDir?: string;
}

/** Writes to stdout: the summary tables and the final list of work dirs. */
export type Output = (text: string) => void;

/**
 * `autopilot-benchmark run` (and `snapshot`): a matrix of runs — every selected environment of
 * every config, once per seed — started as one batch, one workflow each. Workers take them as
 * their slots allow (the rest show as queued). When all have ended, each run's summary is
 * printed, then one summary of the matrix grouped per (config, environment) over seeds. A failed
 * run does not stop the others (they were already started); the command then exits non-zero.
 */
export async function runCommand(options: RunCommandOptions, out: Output = (t) => process.stdout.write(t + '\n')): Promise<BenchmarkRunResult[]> {
  if (options.verbose) {
    process.env.LOG_LEVEL = 'debug'; // also reaches the Temporal runtime logger and the gateway subprocesses
    setLogLevel('debug');
  }
  const runs = planMatrix({ ...options, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) });
  // Before anything starts (no workflow, no server): every problem of every check in one error.
  const { warnings } = await preflightRuns(runs);
  for (const warning of warnings) log.warn(warning);

  return withTemporal({ localWorker: !options.remoteWorkers, maxRuns: localWorkerSlots(runs) }, async ({ client, server, namespace }) => {
    const handles = [];
    for (const run of runs) {
      handles.push(await startRun(client, run));
      log.info({ workflowId: run.workflowId, workDir: run.input.workDir }, `started workflow ${run.workflowId}${server.uiUrl ? ` (${server.uiUrl}/namespaces/${namespace}/workflows/${run.workflowId})` : ''}`);
    }
    const settled = await Promise.allSettled(handles.map((handle) => followRun(handle)));
    const outcomes = new Map(runs.map((run, i) => [run.input.runId, settled[i].status === 'fulfilled' ? settled[i].value : null]));
    const finished = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    for (const result of finished) out(runs[0].input.mode === 'snapshot' ? `Snapshot: ${result.snapshotDir}` : result.summary);
    if (runs[0].input.mode !== 'snapshot' && runs.length > 1) {
      const summary = await renderMatrixSummary(matrixCells(runs), outcomes);
      if (summary) out(summary);
    }
    const failures = settled.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ run: runs[i], reason: outcome.reason as unknown }] : []));
    if (failures.length > 0) {
      if (failures.length > 1) log.error(`${failures.length} of ${runs.length} runs failed: ${failures.map((f) => f.run.workflowId).join(', ')}`);
      throw failures[0].reason;
    }
    out(finished.map((r) => `Work dir: ${r.workDir}`).join('\n'));
    return finished;
  });
}

/** Starts one run's workflow (its work dir claimed first) with the memo and search attributes operators filter on. */
async function startRun(client: Client, { workflowId, input }: PlannedRun) {
  input.workDir = await claimRunDir(input.workDir);
  return client.workflow.start(benchmarkRun, {
    taskQueue: SHARED_TASK_QUEUE,
    workflowId,
    args: [input],
    memo: { config: input.configPath, environment: input.env.name, workDir: input.workDir, runId: input.runId },
    typedSearchAttributes: [
      { key: BenchEnvironment, value: input.env.name },
      { key: BenchConfig, value: path.basename(input.configPath) },
      { key: BenchStatus, value: 'queued' },
    ],
    staticSummary: `${input.mode === 'snapshot' ? 'snapshot of ' : ''}${input.env.name}${input.seed !== null ? ` seed ${input.seed}` : ''} — ${path.basename(input.configPath)}`,
  });
}

/** Slots of the worker `run` starts in its own process: the largest `infra.max_runs_per_worker` of the matrix's configs. */
function localWorkerSlots(runs: readonly PlannedRun[]): number | undefined {
  const asked = runs.flatMap((run) => (run.input.infra.max_runs_per_worker === undefined ? [] : [run.input.infra.max_runs_per_worker]));
  return asked.length > 0 ? Math.max(...asked) : undefined;
}
