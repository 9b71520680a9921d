import { existsSync, readFileSync } from 'node:fs';
import type { SlotLogLine } from '../../workers/slot-events';

/** The slot events the workers appended to `file` (AUTOPILOT_BENCH_SLOT_LOG), in order; none when it does not exist yet. */
export function readSlotLog(file: string): SlotLogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SlotLogLine);
}
