/**
 * What the session runner's collaborators (retries, operator question, optimisation, tool calls)
 * share with it: the "stopped" marker and the runner's checkpoints. Collaborators get these
 * callbacks instead of the runner itself, so each sees only what it needs.
 */

/** Returned by steps that found the session interrupted, closed or failed. */
export const STOPPED = Symbol('stopped');
export type Stoppable<T> = T | typeof STOPPED;

export interface SessionSteps {
  /** true when work started under `generation` must stop (interrupted, server closed or session failed) */
  isStale(generation: number): boolean;
  /** waits `ms`; false when the work of `generation` must stop afterwards */
  pause(ms: number, generation: number): Promise<boolean>;
  /** appends an assistant message */
  say(text: string): void;
  /** appends an error event and fails the session */
  fail(message: string): void;
}

/** Resolves once the queue read by `current` stops growing (work scheduled while waiting is awaited too). */
export async function settledQueue(current: () => Promise<void>): Promise<void> {
  for (;;) {
    const work = current();
    await work;
    if (work === current()) return;
  }
}
