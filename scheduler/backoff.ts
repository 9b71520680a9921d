/**
 * The wait before retrying a failed call: exponential back-off (base × 2^attempt, with "equal
 * jitter": half fixed, half random) capped at `maxDelayMs`, raised to a server's Retry-After
 * hint when that is longer. A hint beyond the cap means "give up": waiting less than the server
 * asked would only be refused again.
 */
export interface BackoffInput {
  /** 0 for the wait after the first failure */
  attempt: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** the server's Retry-After, when it sent one */
  retryAfterMs?: number;
  /** [0, 1); injectable for tests */
  random?: () => number;
}

export type BackoffDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export function backoffDelay(input: BackoffInput): BackoffDecision {
  const { attempt, baseDelayMs, maxDelayMs, retryAfterMs } = input;
  const random = input.random ?? Math.random;
  if (retryAfterMs !== undefined && retryAfterMs > maxDelayMs) {
    return { retry: false, reason: `the provider asked to retry after ${formatMs(retryAfterMs)}, longer than the maximum retry delay of ${formatMs(maxDelayMs)}` };
  }
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + (exponential / 2) * random();
  return { retry: true, delayMs: Math.round(Math.max(jittered, retryAfterMs ?? 0)) };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
