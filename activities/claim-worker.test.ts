// claimWorker as Temporal runs it (the SDK's MockActivityEnvironment gives it an activity context):
// claims arriving together at a full worker all wait for the reclaimer's server round-trip, and
// only as many as it frees may get a slot.
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createSharedActivities } from './index';
import { createSlotReclaimer } from './reclaim-slots';
import { RunRegistry } from './run-registry';
import type { RunResources } from './run-resources';
import { WorkerSlots } from './worker-slots';

test('ten claims at once on a full worker whose one closed run is reclaimed: one gets the freed slot, nine are refused', async () => {
  const slots = new WorkerSlots(2);
  const runs = new RunRegistry();
  for (const [runId, workflowId] of [['open', 'wf-open'], ['closed', 'wf-closed']]) {
    slots.reserve(runId, 'w', workflowId);
    runs.set(runId, { runId, close: async () => undefined } as unknown as RunResources);
  }
  // the server answers after a real wait, so every claim is inside its await when the first returns
  const isRunning = async (workflowId: string) => new Promise<boolean>((resolve) => setTimeout(() => resolve(workflowId !== 'wf-closed'), 20));
  const { claimWorker } = createSharedActivities('worker-queue', slots, createSlotReclaimer({ slots, runs, minIntervalMs: 0, isRunning }));

  // the nine refusals are expected: kept out of the test output
  const quiet: Logger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => new MockActivityEnvironment(undefined, { logger: quiet }).run(claimWorker, `new-${i}`)));

  expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<string>).value)).toEqual(['worker-queue']);
  for (const o of outcomes.filter((o) => o.status === 'rejected')) expect((o as PromiseRejectedResult).reason).toMatchObject({ type: 'NoCapacity' });
  expect(slots.held).toBe(2);
  expect([slots.holds('open'), slots.holds('closed')]).toEqual([true, false]);
});
