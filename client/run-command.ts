import { closeLogFile, getLogger, openLogFile, keepLogForFile, setLogLevel } from '../common/logger';
import { benchmarkRun } from '../workflows';
import * as path from 'node:path';
import { BenchStatus, SHARED_TASK_QUEUE, type BenchmarkRunInput, type BenchmarkRunResult } from '../workflows/shared';
import { identitySearchAttributes, runMemo, runSummary } from '../workflows/run-listing';
import { planMatrix, type PlannedRun } from './run-inputs';
import { preflightRuns } from './preflight/run-preflight';
import { withTemporal } from './temporal-session';
import { followRun } from './follow-run';
import { claimRunDir } from '../results/claim-run-dir';
import { createProgressDisplay } from './progress-display';
import { runLogPath, summaryTxtPath } from '../results/paths';
import { createRunRecorder } from '../results/recorder';
import { renderBriefSummary } from '../results/summary';
import { effectiveLlmgymEnv } from '../config/derived';
import { REPORT_FILE } from '../report/write-report';
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
  // The full log goes to a file in the first run's work dir; without --verbose the console shows
  // only progress, the autopilot's actions, warnings, errors and operator notices.
  keepLogForFile({ quiet: !options.verbose });
  const runs = planMatrix({ ...options, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) });
  // Before anything starts (no workflow, no server): every problem of every check in one error.
  const { warnings } = await preflightRuns(runs);
  for (const warning of warnings) log.warn(warning);

  return withTemporal({ localWorker: !options.remoteWorkers, maxRuns: localWorkerSlots(runs) }, async ({ client, server, namespace }) => {
    const display = createProgressDisplay(process.stderr, runLabels(runs));
    let settled: PromiseSettledResult<BenchmarkRunResult>[];
    try {
      const handles = [];
      for (const run of runs) {
        run.input.workDir = await claimRunDir(run.input.workDir);
        if (handles.length === 0) {
          const logFile = runLogPath(run.input.workDir);
          openLogFile(logFile);
          display.note(`Log: ${logFile}${options.verbose ? '' : ' (--verbose shows it here)'}`);
        }
        handles.push(await startRun(client, run));
        const started = `started workflow ${run.workflowId}${server.uiUrl ? ` (${server.uiUrl}/namespaces/${namespace}/workflows/${run.workflowId})` : ''}`;
        log.info({ workflowId: run.workflowId, workDir: run.input.workDir }, started);
        display.note(started, run.workflowId);
      }
      settled = await Promise.allSettled(handles.map((handle) => followRun(handle, display)));
    } finally {
      display.stop();
    }
    const outcomes = new Map(runs.map((run, i) => [run.input.runId, settled[i].status === 'fulfilled' ? settled[i].value : null]));
    const finished = settled.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [{ result: outcome.value, input: runs[i].input }] : []));
    for (const { result, input } of finished) {
      if (input.mode === 'snapshot') out(`Snapshot: ${result.snapshotDir}`);
      else out(`${options.verbose ? result.summary : await briefSummary(result, input)}\nReport: ${path.join(result.workDir, REPORT_FILE)}`);
    }
    if (runs[0].input.mode !== 'snapshot' && runs.length > 1) {
      const summary = await renderMatrixSummary(matrixCells(runs), outcomes);
      if (summary) out(summary);
    }
    // A failed run does not stop the others (they were started together); the command fails after.
    const failures = settled.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ run: runs[i], reason: outcome.reason as unknown }] : []));
    if (failures.length > 0) {
      if (failures.length > 1) log.error(`${failures.length} of ${runs.length} runs failed: ${failures.map((f) => f.run.workflowId).join(', ')}`);
      throw failures[0].reason;
    }
    out(finished.map(({ result }) => `Work dir: ${result.workDir}`).join('\n'));
    return finished.map(({ result }) => result);
  }).finally(() => closeLogFile());
}

/** Starts one run's workflow with the memo and search attributes operators filter on (the workflow sets them too; here they exist before its first task). */
async function startRun(client: Client, { workflowId, input }: PlannedRun) {
  return client.workflow.start(benchmarkRun, {
    taskQueue: SHARED_TASK_QUEUE,
    workflowId,
    args: [input],
    memo: runMemo(input),
    typedSearchAttributes: [...identitySearchAttributes(input), { key: BenchStatus, value: 'queued' }],
    staticSummary: runSummary(input),
  });
}

/** Slots of the worker `run` starts in its own process: the largest `infra.max_runs_per_worker` of the matrix's configs. */
function localWorkerSlots(runs: readonly PlannedRun[]): number | undefined {
  const asked = runs.flatMap((run) => (run.input.infra.max_runs_per_worker === undefined ? [] : [run.input.infra.max_runs_per_worker]));
  return asked.length > 0 ? Math.max(...asked) : undefined;
}

/** How the console names each run: the environment, and the seed when there are several runs. */
function runLabels(runs: PlannedRun[]): Map<string, string> {
  return new Map(runs.map(({ workflowId, input }) => [workflowId, runs.length > 1 && input.seed !== null ? `${input.env.name} seed ${input.seed}` : input.env.name]));
}

/**
 * The console's summary, from the run's iterations.json; the full table is in
 * results/summary.txt. A work dir this process cannot read (a remote worker's) gets the full one.
 */
async function briefSummary(result: BenchmarkRunResult, input: BenchmarkRunInput): Promise<string> {
  try {
    const iterations = await createRunRecorder(result.workDir).readIterations();
    if (iterations.length === 0) return result.summary;
    const brief = renderBriefSummary({ envName: effectiveLlmgymEnv(input.env), runId: result.runId, metricName: input.env.metric_name, iterations });
    return `${brief}\nFull summary: ${summaryTxtPath(result.workDir)}`;
  } catch {
    return result.summary;
  }
}
