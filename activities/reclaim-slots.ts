import { getLogger } from '../common/logger';
import type { RunRegistry } from './run-registry';
import type { WorkerSlots } from './worker-slots';

const log = getLogger('worker');

export interface SlotReclaimerOptions {
  slots: WorkerSlots;
  runs: RunRegistry;
  /** whether the workflow still runs; an error counts as "still runs" (never free a slot on a guess) */
  isRunning(workflowId: string): Promise<boolean>;
  /** at most one pass per this interval: a full worker is asked for claims every few seconds */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Frees the slots of runs whose workflow closed without telling this worker: a terminated (or
 * timed-out) workflow runs no `finally`, so its final `stopRun` never comes and its gateways
 * would hold the slot for good. A full worker calls this before refusing a claim. Returns how
 * many slots it freed.
 */
export function createSlotReclaimer(options: SlotReclaimerOptions): () => Promise<number> {
  const minIntervalMs = options.minIntervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let lastPass = -Infinity;
  return async () => {
    if (now() - lastPass < minIntervalMs) return 0;
    lastPass = now();
    let freed = 0;
    for (const { runId, workflowId } of options.slots.entries()) {
      if (workflowId === null) continue;
      const running = await options.isRunning(workflowId).catch(() => true);
      if (running) continue;
      const resources = options.runs.get(runId);
      options.runs.delete(runId);
      await resources?.close().catch((err: unknown) => log.warn({ runId, workflowId, err: String(err) }, "stopping a closed run's processes failed; its slot is freed anyway"));
      options.slots.release(runId);
      freed++;
    }
    return freed;
  };
}
