import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../config/load';
import { ignoredKeyNotes } from '../../config/notes';
import { SnapshotError, validateSnapshot } from '../../checkpoints';
import type { PlannedRun } from '../run-inputs';
import { checkAutopilotTarget } from './autopilot-target-check';
import { checkWritableDirs, type WritableDir } from './directory-check';
import { checkEnvironment } from './environment-check';
import { checkEnvironmentModelKeys, checkOptimizerModelKey } from './model-key-check';
import { checkInfra } from './port-check';
import { checkS3CheckpointRoot } from './s3-checkpoint-check';
import { isS3Url } from '../../common/s3-location';
import { PreflightError, type PreflightProblem, type PreflightReport } from './preflight-error';

export interface PreflightOptions {
  /** where keys are looked up (default `process.env`) */
  processEnv?: NodeJS.ProcessEnv;
  /** free bytes each output file system needs (default 100 MiB) */
  minFreeBytes?: number;
  /** how long the autopilot target may take to answer (default 5 s) */
  probeTimeoutMs?: number;
}

export const DEFAULT_MIN_FREE_BYTES = 100 * 2 ** 20;
const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/** The directories a run writes: its work dir, and the checkpoint and snapshot roots when set. */
function writableDirs(runs: readonly PlannedRun[]): WritableDir[] {
  return runs.flatMap(({ input }) => [
    { dir: input.workDir, where: `--work-dir (${input.workDir})` },
    ...(input.checkpointRoot && !isS3Url(input.checkpointRoot) ? [{ dir: input.checkpointRoot, where: 'infra.checkpoint_dir' }] : []),
    ...(input.snapshotDir ? [{ dir: input.snapshotDir, where: `--snapshot-dir (${input.snapshotDir})` }] : []),
  ]);
}

async function snapshotProblems(run: PlannedRun): Promise<PreflightProblem[]> {
  if (!run.input.snapshot) return [];
  try {
    await validateSnapshot(run.input.snapshot, run.input.env);
    return [];
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    return [{ check: 'snapshot', where: `--snapshot (${run.input.snapshot})`, message: err.message.replaceAll('\n', '\n      ') }];
  }
}

/**
 * Every check that can be made before a run starts, for the planned runs of one config: the
 * environments (packages, keys, function and metric names), model keys, the autopilot target,
 * ports, the gateway binary, output directories and free disk, an S3 checkpoint location's
 * bucket (reachable and writable), and a `--snapshot` that must fit.
 * Collects all problems instead of stopping at the first.
 */
export async function collectPreflight(runs: readonly PlannedRun[], options: PreflightOptions = {}): Promise<PreflightReport> {
  const processEnv = options.processEnv ?? process.env;
  if (runs.length === 0) return { problems: [], warnings: [] };
  const { configPath, infra, autopilotTarget, interlocutor, cwd } = runs[0].input;
  // Key paths name the environment's position in the file, not in the `--env` selection.
  const config = loadConfig(configPath);
  const indexOf = (name: string) => config.environments.findIndex((env) => env.name === name);
  const problems: PreflightProblem[] = [];
  const warnings: string[] = ignoredKeyNotes(config);

  for (const run of runs) {
    const at = `environments[${indexOf(run.input.env.name)}]`;
    problems.push(...(await checkEnvironment(run.input.env, at, processEnv)));
    const keys = checkEnvironmentModelKeys(run.input.env, at, processEnv);
    problems.push(...keys.problems);
    warnings.push(...keys.warnings);
    problems.push(...(await snapshotProblems(run)));
  }
  problems.push(...checkOptimizerModelKey(autopilotTarget, processEnv));
  problems.push(...(await checkAutopilotTarget(autopilotTarget, processEnv, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS)));
  problems.push(...(await checkInfra(infra)));
  problems.push(...(await checkWritableDirs(writableDirs(runs), options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES)));
  const s3Root = runs[0].input.checkpointRoot;
  if (s3Root && isS3Url(s3Root)) problems.push(...(await checkS3CheckpointRoot(s3Root, processEnv, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS)));

  const interlocutorFile = path.resolve(cwd, interlocutor.config_file);
  if (!existsSync(interlocutorFile)) warnings.push(`interlocutor.config_file: ${interlocutorFile} does not exist; the autopilot's questions go unanswered (as in the original)`);
  return { problems, warnings };
}

/** `collectPreflight`, throwing `PreflightError` with every problem when there is any. */
export async function preflightRuns(runs: readonly PlannedRun[], options: PreflightOptions = {}): Promise<PreflightReport> {
  const report = await collectPreflight(runs, options);
  if (report.problems.length > 0) throw new PreflightError(runs[0].input.configPath, report.problems);
  return report;
}
