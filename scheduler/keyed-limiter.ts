/**
 * At most N calls in flight per key (e.g. per model provider type + API base), each key with
 * its own FIFO `Semaphore`. A waiter whose signal aborts stops waiting (its permit, if granted
 * later, is handed straight back). `permitsFor(key)` undefined = no limit for that key.
 */
import { Semaphore } from './semaphore';

export class KeyedLimiter {
  private readonly semaphores = new Map<string, Semaphore | null>();

  constructor(private readonly permitsFor: (key: string) => number | undefined) {}

  /** Runs `task` while holding a permit for `key`; rejects with the signal's reason if it aborts while waiting. */
  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const semaphore = this.semaphoreFor(key);
    if (!semaphore) return task();
    const release = await acquire(semaphore, signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private semaphoreFor(key: string): Semaphore | null {
    let semaphore = this.semaphores.get(key);
    if (semaphore === undefined) {
      const permits = this.permitsFor(key);
      semaphore = permits === undefined ? null : new Semaphore(permits);
      this.semaphores.set(key, semaphore);
    }
    return semaphore;
  }
}

function acquire(semaphore: Semaphore, signal?: AbortSignal): Promise<() => void> {
  if (!signal) return semaphore.acquire();
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    void semaphore.acquire().then((release) => {
      signal.removeEventListener('abort', onAbort);
      if (settled) return release(); // aborted while waiting: give the permit back
      settled = true;
      resolve(release);
    });
  });
}
