import { createSlotReclaimer } from './reclaim-slots';
import { RunRegistry } from './run-registry';
import { WorkerSlots } from './worker-slots';
import type { RunResources } from './run-resources';

function resources(runId: string, closed: string[]): RunResources {
  return { runId, close: async () => void closed.push(runId) } as unknown as RunResources;
}

function fullWorker() {
  const slots = new WorkerSlots(2);
  const runs = new RunRegistry();
  const closed: string[] = [];
  for (const [runId, workflowId] of [['r1', 'wf-1'], ['r2', 'wf-2']]) {
    slots.reserve(runId, 'w', workflowId);
    runs.set(runId, resources(runId, closed));
  }
  return { slots, runs, closed };
}

test('the slot of a run whose workflow closed without stopping here is freed and its processes stopped', async () => {
  const { slots, runs, closed } = fullWorker();
  const reclaim = createSlotReclaimer({ slots, runs, isRunning: async (workflowId) => workflowId !== 'wf-2' });
  expect(await reclaim()).toBe(1);
  expect(closed).toEqual(['r2']);
  expect([slots.holds('r1'), slots.holds('r2'), runs.get('r2')]).toEqual([true, false, undefined]);
  slots.reserve('r3', 'w', 'wf-3'); // the freed slot is available again
});

test('when the server cannot say, the run keeps its slot', async () => {
  const { slots, runs, closed } = fullWorker();
  const reclaim = createSlotReclaimer({ slots, runs, isRunning: async () => Promise.reject(new Error('unavailable')) });
  expect(await reclaim()).toBe(0);
  expect(closed).toEqual([]);
  expect(slots.held).toBe(2);
});

test('a full worker asks the server at most once per interval', async () => {
  const { slots, runs } = fullWorker();
  let now = 0;
  const asked: string[] = [];
  const reclaim = createSlotReclaimer({ slots, runs, minIntervalMs: 1000, now: () => now, isRunning: async (id) => (asked.push(id), true) });
  await reclaim();
  await reclaim();
  now = 1000;
  await reclaim();
  expect(asked).toEqual(['wf-1', 'wf-2', 'wf-1', 'wf-2']);
});
