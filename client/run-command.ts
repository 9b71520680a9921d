import { closeLogFile, getLogger, openLogFile, keepLogForFile, setLogLevel } from '../common/logger';
import { benchmarkRun } from '../workflows';
import * as path from 'node:path';
import { BenchStatus, SHARED_TASK_QUEUE, type BenchmarkRunInput, type BenchmarkRunResult } from '../workflows/shared';
import { identitySearchAttributes, runMemo, runSummary } from '../workflows/run-listing';
import { planRuns, type PlannedRun } from './run-inputs';
import { preflightRuns } from './preflight/run-preflight';
import { compareRunDirs } from '../compare/compare-runs';
import { CompareError } from '../compare/compare-error';
import { renderCompareTable } from '../compare/render-table';
import { withTemporal } from './temporal-session';
import { followRun } from './follow-run';
import { claimRunDir } from '../results/claim-run-dir';
import { createProgressDisplay } from './progress-display';
import { runLogPath, summaryTxtPath } from '../results/paths';
import { createRunRecorder } from '../results/recorder';
import { renderBriefSummary } from '../results/summary';
import { effectiveLlmgymEnv } from '../config/derived';
import { REPORT_FILE } from '../report/write-report';

const log = getLogger('cli');

export interface RunCommandOptions {
  config: string;
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
 * `autopilot-benchmark run` (and `snapshot`): one workflow per selected environment and seed.
 * Environments run one after another (as the original: a failure stops the remaining
 * environments); the seeds of one environment start together, are followed together, and their
 * summaries are printed when all have ended, followed by the across-seeds comparison.
 */
export async function runCommand(options: RunCommandOptions, out: Output = (t) => process.stdout.write(t + '\n')): Promise<BenchmarkRunResult[]> {
  if (options.verbose) {
    process.env.LOG_LEVEL = 'debug'; // also reaches the Temporal runtime logger and the gateway subprocesses
    setLogLevel('debug');
  }
  // The full log goes to a file in the first run's work dir; without --verbose the console shows
  // only progress, the autopilot's actions, warnings, errors and operator notices.
  keepLogForFile({ quiet: !options.verbose });
  const runs = planRuns({ ...options, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) });
  // Before anything starts (no workflow, no server): every problem of every check in one error.
  const { warnings } = await preflightRuns(runs);
  for (const warning of warnings) log.warn(warning);

  return withTemporal({ localWorker: !options.remoteWorkers }, async ({ client, server, namespace }) => {
    const results: BenchmarkRunResult[] = [];
    const labels = runLabels(runs);
    // Environments one after another; the seeds of one environment together.
    for (const group of byEnvironment(runs)) {
      const handles = [];
      const display = createProgressDisplay(process.stderr, new Map(group.map((r) => [r.workflowId, labels.get(r.workflowId)!])));
      let settled: PromiseSettledResult<BenchmarkRunResult>[];
      try {
        for (const { workflowId, input } of group) {
          input.workDir = await claimRunDir(input.workDir);
          if (results.length === 0 && handles.length === 0) {
            const logFile = runLogPath(input.workDir);
            openLogFile(logFile);
            display.note(`Log: ${logFile}${options.verbose ? '' : ' (--verbose shows it here)'}`);
          }
          handles.push(
            await client.workflow.start(benchmarkRun, {
              taskQueue: SHARED_TASK_QUEUE,
              workflowId,
              args: [input],
              // the workflow sets these itself as well; here they are there before its first task
              memo: runMemo(input),
              typedSearchAttributes: [...identitySearchAttributes(input), { key: BenchStatus, value: 'queued' }],
              staticSummary: runSummary(input),
            }),
          );
          const started = `started workflow ${workflowId}${server.uiUrl ? ` (${server.uiUrl}/namespaces/${namespace}/workflows/${workflowId})` : ''}`;
          log.info({ workflowId, workDir: input.workDir }, started);
          display.note(started, workflowId);
        }
        settled = await Promise.allSettled(handles.map((handle) => followRun(handle, display)));
      } finally {
        display.stop();
      }
      const finished = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      for (const result of finished) {
        if (group[0].input.mode === 'snapshot') out(`Snapshot: ${result.snapshotDir}`);
        else out(`${options.verbose ? result.summary : await briefSummary(result, group[0].input)}\nReport: ${path.join(result.workDir, REPORT_FILE)}`);
      }
      if (group.length > 1 && finished.length > 0) out(await acrossSeeds(finished.map((result) => result.workDir)));
      results.push(...finished);
      // As the original: a failed run stops the environments after it (its sibling seeds have finished).
      const failure = settled.find((outcome) => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    }
    out(results.map((r) => `Work dir: ${r.workDir}`).join('\n'));
    return results;
  }).finally(() => closeLogFile());
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

/** Planned runs grouped by environment, in plan order. */
function byEnvironment(runs: PlannedRun[]): PlannedRun[][] {
  const groups = new Map<string, PlannedRun[]>();
  for (const run of runs) groups.set(run.input.env.name, [...(groups.get(run.input.env.name) ?? []), run]);
  return [...groups.values()];
}

/** The `compare` table over one environment's seeds; if they cannot be compared (no paired records), why. */
async function acrossSeeds(workDirs: string[]): Promise<string> {
  try {
    return `Across seeds\n${renderCompareTable(await compareRunDirs(workDirs))}`;
  } catch (err) {
    if (err instanceof CompareError) return `Across seeds: not aggregated — ${err.message}`;
    throw err;
  }
}
