/**
 * The inference retry policy of the original rollout runner, as plain data and pure functions:
 * up to 3 attempts; transient failures (gateway 5xx, connection errors, timeouts) wait
 * min(base × 2^(attempt-1), max) before the next attempt; anything else fails at once.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_INFERENCE_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed. */
export function getRetryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

/** True for HTTP statuses worth retrying: server errors, request timeouts (408), rate limits (429). */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An error is transient when it says so (`transient: true`) or looks like a network failure. */
export function isTransientError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { transient?: unknown; name?: unknown; code?: unknown; cause?: unknown };
  if (typeof e.transient === 'boolean') return e.transient;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return false; // aborts are final
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) return true;
  if (e.name === 'TypeError' && e.cause) return isTransientError(e.cause); // fetch wraps socket errors
  return false;
}

/** True when another attempt should be made after `attempt` failed with `err`. */
export function shouldRetry(policy: RetryPolicy, attempt: number, err: unknown): boolean {
  return attempt < policy.maxAttempts && isTransientError(err);
}
