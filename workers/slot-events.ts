import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { SlotEvent } from '../activities/worker-slots';
import { getLogger } from '../common/logger';

const log = getLogger('worker');

/** Env var naming a JSON lines file that receives every slot event of this worker (an audit trail of claims and releases). */
export const SLOT_LOG_VARIABLE = 'AUTOPILOT_BENCH_SLOT_LOG';

/** One line of the slot log. */
export interface SlotLogLine extends SlotEvent {
  at: string;
  worker: string;
  pid: number;
}

/**
 * Where a worker reports its slot events: always its log; also the file named by
 * AUTOPILOT_BENCH_SLOT_LOG. The append is synchronous, so the file's order is the order in which
 * the slot table changed (several workers may share one file: each line is one small write).
 */
export function slotEventSink(worker: string, file: string | undefined = process.env[SLOT_LOG_VARIABLE]): (event: SlotEvent) => void {
  if (file) mkdirSync(path.dirname(file), { recursive: true });
  return (event) => {
    log.info({ ...event, worker }, `slot ${event.kind}: ${event.held}/${event.capacity} held`);
    if (!file) return;
    const line: SlotLogLine = { at: new Date().toISOString(), worker, pid: process.pid, ...event };
    appendFileSync(file, JSON.stringify(line) + '\n');
  };
}
