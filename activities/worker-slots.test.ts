import { ApplicationFailure } from '@temporalio/common';
import { WorkerSlots, type SlotEvent } from './worker-slots';

function slotsOf(capacity: number, options: { unusedReservationMs?: number } = {}) {
  const events: SlotEvent[] = [];
  let now = 0;
  const slots = new WorkerSlots(capacity, { ...options, now: () => now, onEvent: (e) => events.push(e) });
  return { slots, events, advance: (ms: number) => (now += ms) };
}

function refusal(fn: () => void): ApplicationFailure {
  try {
    fn();
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a refusal');
}

test('claims beyond the capacity are refused with a retryable NoCapacity, and a release makes room', () => {
  const { slots, events } = slotsOf(2);
  slots.reserve('a', 'w');
  slots.reserve('b', 'w');
  const refused = refusal(() => slots.reserve('c', 'w'));
  expect(refused).toBeInstanceOf(ApplicationFailure);
  expect(refused.type).toBe('NoCapacity');
  expect(refused.nonRetryable).toBe(false);
  expect(refused.message).toBe('worker w holds 2 of 2 runs');
  slots.release('a');
  slots.reserve('c', 'w');
  expect([slots.holds('a'), slots.holds('b'), slots.holds('c')]).toEqual([false, true, true]);
  expect(events).toEqual([
    { kind: 'reserve', runId: 'a', held: 1, capacity: 2 },
    { kind: 'reserve', runId: 'b', held: 2, capacity: 2 },
    { kind: 'release', runId: 'a', held: 1, capacity: 2 },
    { kind: 'reserve', runId: 'c', held: 2, capacity: 2 },
  ]);
});

test('a retried claim of the same run keeps its one slot; releasing twice releases once', () => {
  const { slots, events } = slotsOf(1);
  slots.reserve('a', 'w');
  slots.reserve('a', 'w');
  expect(slots.held).toBe(1);
  slots.release('a');
  slots.release('a');
  expect(events.map((e) => e.kind)).toEqual(['reserve', 'release']);
});

test('a reservation no step used is given back after its time; one in use never is', () => {
  const { slots, events, advance } = slotsOf(2, { unusedReservationMs: 1000 });
  slots.reserve('used', 'w');
  expect(slots.use('used')).toBe(true);
  slots.reserve('lost', 'w');
  advance(1001);
  slots.reserve('next', 'w');
  expect([slots.holds('used'), slots.holds('lost'), slots.holds('next')]).toEqual([true, false, true]);
  expect(events.find((e) => e.kind === 'expire')).toEqual({ kind: 'expire', runId: 'lost', held: 1, capacity: 2 });
  // the late first step of the expired run learns it has no slot here
  expect(slots.use('lost')).toBe(false);
});

test('a worker without slots is refused at construction', () => {
  expect(() => new WorkerSlots(0)).toThrow('a worker needs at least one slot, got 0');
});
