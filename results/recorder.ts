import { promises as fs } from 'node:fs';
import { writeJsonAtomic } from '../common/atomic-write';
import type { IterationRecord } from './iteration-record';
import { iterationsJsonPath, runJsonPath } from './paths';
import { isoUtc } from './time';

/**
 * `cancelled`, `terminated` and `timed_out` are ours: the original only knew running, completed
 * and failed. The last two are only ever written by `settleRun`, from Temporal's own end state.
 */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out';

/** `results/run.json` (reference/original-harness.md §7.2), fields in the original's order. */
export interface RunRecord {
  id: string;
  environment_name: string;
  autopilot_target: string;
  /** `default` when no base URL is configured */
  autopilot_base_url: string;
  gateway_version: null;
  /** the environment config after CLI overrides */
  eval_config: unknown;
  seed: number | null;
  group_id: null;
  group_label: null;
  version_metadata: null;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
}

export interface StartRunInput {
  id: string;
  environment_name: string;
  autopilot_target: string;
  autopilot_base_url: string | null;
  eval_config: unknown;
  seed: number | null;
}

export interface RunRecorderOptions {
  /** clock for `started_at` / `finished_at` */
  now?: () => Date;
}

/** `finishRun` or `recordIteration` before `startRun`. */
export class RunNotStartedError extends Error {
  override readonly name = 'RunNotStartedError';
  constructor(readonly file: string) {
    super(`${file}: run record not found; startRun must be called first`);
  }
}

export interface RunRecorder {
  readonly workDir: string;
  /** Writes run.json (status running) and an empty iterations.json; a repeated call for the same run id keeps both. */
  startRun(input: StartRunInput): Promise<RunRecord>;
  /** Adds a record, or replaces the one with the same iteration number (a retried step never duplicates it). */
  recordIteration(record: IterationRecord): Promise<IterationRecord[]>;
  finishRun(status: Exclude<RunStatus, 'running'>): Promise<RunRecord>;
  /**
   * Records an end the run could not record itself (its workflow closed while no worker held
   * it): writes `status` and `finishedAt` only while run.json still says running. Returns the
   * record when it changed it, null otherwise (no run.json, or already ended).
   */
  settleRun(status: Exclude<RunStatus, 'running'>, finishedAt: Date): Promise<RunRecord | null>;
  readRun(): Promise<RunRecord | null>;
  readIterations(): Promise<IterationRecord[]>;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The run recorder. It keeps no state in memory — every call reads and rewrites the files
 * atomically — so a step retried on another worker after a checkpoint restore sees the same records.
 */
export function createRunRecorder(workDir: string, options: RunRecorderOptions = {}): RunRecorder {
  const now = options.now ?? (() => new Date());
  const runFile = runJsonPath(workDir);
  const iterationsFile = iterationsJsonPath(workDir);

  const readRun = () => readJson<RunRecord>(runFile);
  const readIterations = async () => (await readJson<IterationRecord[]>(iterationsFile)) ?? [];

  return {
    workDir,
    readRun,
    readIterations,

    async startRun(input) {
      const existing = await readRun();
      if (existing && existing.id === input.id) {
        if ((await readJson(iterationsFile)) === null) await writeJsonAtomic(iterationsFile, []);
        return existing;
      }
      const record: RunRecord = {
        id: input.id,
        environment_name: input.environment_name,
        autopilot_target: input.autopilot_target,
        autopilot_base_url: input.autopilot_base_url ?? 'default',
        gateway_version: null,
        eval_config: input.eval_config,
        seed: input.seed,
        group_id: null,
        group_label: null,
        version_metadata: null,
        status: 'running',
        started_at: isoUtc(now()),
        finished_at: null,
      };
      await writeJsonAtomic(runFile, record);
      await writeJsonAtomic(iterationsFile, []);
      return record;
    },

    async recordIteration(record) {
      if ((await readRun()) === null) throw new RunNotStartedError(runFile);
      const others = (await readIterations()).filter((r) => r.iteration_number !== record.iteration_number);
      const all = [...others, record].sort((a, b) => a.iteration_number - b.iteration_number);
      await writeJsonAtomic(iterationsFile, all);
      return all;
    },

    async finishRun(status) {
      const run = await readRun();
      if (run === null) throw new RunNotStartedError(runFile);
      const finished: RunRecord = { ...run, status, finished_at: isoUtc(now()) };
      await writeJsonAtomic(runFile, finished);
      return finished;
    },

    async settleRun(status, finishedAt) {
      const run = await readRun();
      if (run === null || run.status !== 'running') return null;
      const settled: RunRecord = { ...run, status, finished_at: isoUtc(finishedAt) };
      await writeJsonAtomic(runFile, settled);
      return settled;
    },
  };
}
