/**
 * Group commit: writes requested during one turn of the event loop are committed together,
 * in one transaction, right after that turn's I/O callbacks (setImmediate), and each write's
 * promise resolves only once its transaction has committed. Under load, many inferences finish
 * in the same turn and share one SQLite commit; a lone write waits for no timer.
 *
 * When a batch fails (e.g. one row breaks a UNIQUE constraint) the transaction is rolled back
 * and every item is retried on its own, so only the offending write rejects.
 */
export interface GroupCommit<T> {
  /** queues `item`; resolves after the transaction holding it commits */
  write(item: T): Promise<void>;
  /** commits everything queued now, synchronously (before a read, a differently ordered write, or close) */
  flush(): void;
  /** number of writes queued and not yet committed */
  readonly pending: number;
}

interface Queued<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** `commitAll` must be atomic (all items or none): wrap it in a transaction. */
export function createGroupCommit<T>(commitAll: (items: T[]) => void, maxBatch = 500): GroupCommit<T> {
  let queue: Queued<T>[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  function commit(batch: Queued<T>[]): void {
    try {
      commitAll(batch.map((q) => q.item));
      for (const q of batch) q.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      for (const q of batch) commit([q]);
    }
  }

  function flush(): void {
    if (scheduled) {
      clearImmediate(scheduled);
      scheduled = undefined;
    }
    while (queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      commit(batch);
    }
  }

  return {
    write(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
