import { ApplicationFailure } from '@temporalio/common';

/** What happened to a slot; every change of the table is one event. */
export type SlotEventKind = 'reserve' | 'release' | 'expire';

export interface SlotEvent {
  kind: SlotEventKind;
  runId: string;
  /** slots held after the change */
  held: number;
  capacity: number;
}

export interface WorkerSlotsOptions {
  /**
   * A reservation that no step of its run has used within this time is given back: the claim's
   * answer was lost (the workflow never learnt it had this worker), so nobody would release it.
   */
  unusedReservationMs?: number;
  /** sees every change (the worker logs them, and appends them to a JSON lines file when asked) */
  onEvent?: (event: SlotEvent) => void;
  now?: () => number;
}

/** 2 minutes: far beyond the seconds between a claim and the run's first step on the worker. */
export const DEFAULT_UNUSED_RESERVATION_MS = 120_000;

interface Slot {
  reservedAt: number;
  used: boolean;
  /** the workflow that claimed it, when known: lets the worker ask whether the run still lives */
  workflowId: string | null;
}

/**
 * The runs a worker has promised to hold, at most `capacity` at once. A claim reserves a slot in
 * one synchronous step (check and insert with no `await` between them, so two claims arriving
 * together cannot both take the last slot); the slot stays taken while the run's gateways are
 * stopped and restarted, and is released only when the run leaves this worker.
 */
export class WorkerSlots {
  private readonly slots = new Map<string, Slot>();
  private readonly unusedReservationMs: number;
  private readonly now: () => number;

  constructor(
    readonly capacity: number,
    private readonly options: WorkerSlotsOptions = {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a worker needs at least one slot, got ${capacity}`);
    this.unusedReservationMs = options.unusedReservationMs ?? DEFAULT_UNUSED_RESERVATION_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Takes a slot for `runId`, or keeps the one it has (a retried claim must not count twice).
   * Throws a retryable `NoCapacity` failure when every slot is taken.
   */
  reserve(runId: string, who: string, workflowId: string | null = null): void {
    if (this.slots.has(runId)) return;
    this.expireUnused();
    if (this.slots.size >= this.capacity) {
      throw ApplicationFailure.retryable(`worker ${who} holds ${this.slots.size} of ${this.capacity} runs`, 'NoCapacity', { held: this.slots.size, capacity: this.capacity });
    }
    this.slots.set(runId, { reservedAt: this.now(), used: false, workflowId });
    this.emit('reserve', runId);
  }

  /**
   * A step of the run arrived: its reservation is in use and never expires. Returns false when
   * the run has no slot here (its reservation expired and was given to another run).
   */
  use(runId: string): boolean {
    const slot = this.slots.get(runId);
    if (!slot) return false;
    slot.used = true;
    return true;
  }

  /** The run left this worker (finished, failed, cancelled, moved); releasing twice is harmless. */
  release(runId: string): void {
    if (this.slots.delete(runId)) this.emit('release', runId);
  }

  /** The runs holding a slot, with the workflow that claimed each (null when unknown). */
  entries(): { runId: string; workflowId: string | null }[] {
    return [...this.slots].map(([runId, slot]) => ({ runId, workflowId: slot.workflowId }));
  }

  holds(runId: string): boolean {
    return this.slots.has(runId);
  }

  get held(): number {
    return this.slots.size;
  }

  private expireUnused(): void {
    const cutoff = this.now() - this.unusedReservationMs;
    for (const [runId, slot] of this.slots) {
      if (!slot.used && slot.reservedAt < cutoff) {
        this.slots.delete(runId);
        this.emit('expire', runId);
      }
    }
  }

  private emit(kind: SlotEventKind, runId: string): void {
    this.options.onEvent?.({ kind, runId, held: this.slots.size, capacity: this.capacity });
  }
}
