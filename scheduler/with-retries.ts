import { getRetryDelayMs, shouldRetry, type RetryPolicy } from './retry-policy';
import { sleep } from './sleep';

export interface WithRetriesOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Runs `task` under `policy`; the last error propagates. An abort is final and never retried. */
export async function withRetries<T>(task: (attempt: number) => Promise<T>, options: WithRetriesOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await task(attempt);
    } catch (error) {
      if (options.signal?.aborted || !shouldRetry(options.policy, attempt, error)) throw error;
      const delayMs = getRetryDelayMs(options.policy, attempt);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
