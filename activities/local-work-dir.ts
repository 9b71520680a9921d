import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { runSubPath } from '../checkpoints/layout';
import type { BenchmarkRunInput } from '../workflows/shared';

const log = getLogger('worker');

/**
 * Where this worker keeps a run's work dir. Without a work root: the path the client chose
 * (`--work-dir`), as on one machine or a shared mount. With one (`AUTOPILOT_BENCH_WORK_ROOT`, for
 * workers on machines that do not share the client's file system): `<workRoot>/<env>/<run dir>`,
 * the last two levels of the client's path, as `checkpointRootFor` names a run under a shared
 * checkpoint root. A run then resumes on such a machine from `infra.checkpoint_dir` only.
 */
export function localWorkDir(workDir: string, workRoot: string | undefined): string {
  if (!workRoot) return workDir;
  return path.join(path.resolve(workRoot), ...runSubPath(workDir));
}

function isRunInput(value: unknown): value is BenchmarkRunInput {
  return !!value && typeof value === 'object' && typeof (value as BenchmarkRunInput).runId === 'string' && typeof (value as BenchmarkRunInput).workDir === 'string';
}

const warned = new Set<string>();

/** The pinned activities with each run input's work dir moved under `workRoot` (unchanged without one). */
export function withLocalWorkDirs<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T, workRoot: string | undefined): T {
  if (!workRoot) return activities;
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (!isRunInput(first)) return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      if (!first.checkpointRoot && !warned.has(first.runId)) {
        warned.add(first.runId);
        log.warn({ runId: first.runId, workRoot }, 'this worker keeps runs under its own work root, but the run has no infra.checkpoint_dir: no other machine can resume it');
      }
      return (fn as (...a: unknown[]) => Promise<unknown>)({ ...first, workDir: localWorkDir(first.workDir, workRoot) }, ...rest);
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
