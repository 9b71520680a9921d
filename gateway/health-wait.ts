/**
 * Waits until a gateway answers `GET /health` with 200 (reference/original-harness.md §8 step
 * 6): polls every 500 ms with a 2 s request timeout, ignoring connection errors and request
 * timeouts, and gives up early when the process exits.
 */

export const HEALTH_POLL_INTERVAL_MS = 500;
export const HEALTH_REQUEST_TIMEOUT_MS = 2_000;

export type HealthWaitOutcome = { kind: 'healthy' } | { kind: 'exited' } | { kind: 'timeout' };

export interface HealthWaitOptions {
  url: string;
  timeoutMs: number;
  /** resolves when the process exits */
  exited: Promise<unknown>;
}

export async function waitForHealthy(options: HealthWaitOptions): Promise<HealthWaitOutcome> {
  let hasExited = false;
  void options.exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (hasExited) return { kind: 'exited' };
    if (await isHealthy(options.url)) return { kind: 'healthy' };
    if (hasExited) return { kind: 'exited' };
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) return { kind: 'timeout' };
    await sleepUnless(Math.min(HEALTH_POLL_INTERVAL_MS, remainingMs), options.exited);
  }
}

export async function isHealthy(url: string, timeoutMs = HEALTH_REQUEST_TIMEOUT_MS): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Sleeps, waking early when `wake` settles. */
async function sleepUnless(ms: number, wake: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), wake]);
  clearTimeout(timer);
}
