import type { Client } from '@temporalio/client';
import { getLogger } from '../common/logger';
import { createRunRecorder, type RunRecord, type RunStatus } from '../results/recorder';

const log = getLogger('settle');

/** Temporal's end state of a closed workflow → the status run.json records for it. */
const END_STATUS: Record<string, Exclude<RunStatus, 'running'>> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

/** The run.json status for a workflow status name, or null while it is open (or continued). */
export function endStatusOf(temporalStatus: string): Exclude<RunStatus, 'running'> | null {
  return END_STATUS[temporalStatus] ?? null;
}

/**
 * A run whose workflow closed while no worker held it (cancelled, terminated, timed out) could
 * not write its own end into run.json. This writes Temporal's end state there, once: only a
 * run.json that still says running is changed, and a work dir this machine cannot see is left alone.
 */
export async function settleRunRecord(workDir: unknown, temporalStatus: string, closeTime: Date | undefined): Promise<RunRecord | null> {
  const status = endStatusOf(temporalStatus);
  if (!status || typeof workDir !== 'string') return null;
  try {
    const settled = await createRunRecorder(workDir).settleRun(status, closeTime ?? new Date());
    if (settled) log.info({ workDir, status }, 'run.json: recorded how the run ended while no worker held it');
    return settled;
  } catch (err) {
    log.warn({ workDir, err: String(err) }, 'could not record how the run ended in run.json');
    return null;
  }
}

export interface SettleOptions {
  /** at most this many of the most recent closed runs (default 100) */
  limit?: number;
  /** the client's work dir (the memo's) → where this machine keeps it (a worker with its own work root) */
  mapWorkDir?: (workDir: string) => string;
}

/** Settles the most recent closed runs (what a worker does when it starts). Returns how many changed. */
export async function settleClosedRuns(client: Client, options: SettleOptions = {}): Promise<number> {
  const { limit = 100, mapWorkDir = (workDir: string) => workDir } = options;
  let seen = 0;
  let settled = 0;
  for await (const wf of client.workflow.list({ query: 'WorkflowType="benchmarkRun" AND ExecutionStatus!="Running"' })) {
    const workDir = wf.memo?.workDir;
    if (await settleRunRecord(typeof workDir === 'string' ? mapWorkDir(workDir) : workDir, wf.status.name, wf.closeTime)) settled++;
    if (++seen >= limit) break;
  }
  return settled;
}
