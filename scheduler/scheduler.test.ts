import { Semaphore } from './semaphore';
import { DEFAULT_INFERENCE_RETRY_POLICY, getRetryDelayMs, isTransientError, shouldRetry } from './retry-policy';
import { withRetries } from './with-retries';

describe('Semaphore', () => {
  test('never lets more than `permits` tasks run at once and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      sem.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => gates.push(r));
        running--;
      }),
    );
    while (gates.length < 2) await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test('a release function frees exactly one permit even when called twice', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    const a = await sem.acquire();
    let secondAcquired = false;
    void sem.acquire().then(() => (secondAcquired = true));
    await new Promise((r) => setImmediate(r));
    expect(secondAcquired).toBe(false);
    a();
  });

  test('rejects a non-positive permit count', () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
  });
});

describe('retry policy', () => {
  test('delays follow min(1s × 2^(attempt-1), 30s)', () => {
    expect([1, 2, 3, 6, 7].map((a) => getRetryDelayMs(DEFAULT_INFERENCE_RETRY_POLICY, a))).toEqual([1000, 2000, 4000, 30000, 30000]);
  });

  test('classifies transient and permanent failures', () => {
    expect(isTransientError({ transient: true })).toBe(true);
    expect(isTransientError({ transient: false, code: 'ECONNREFUSED' })).toBe(false);
    expect(isTransientError({ code: 'ECONNRESET' })).toBe(true);
    expect(isTransientError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isTransientError(new Error('boom'))).toBe(false);
  });

  test('stops after the last attempt', () => {
    expect(shouldRetry(DEFAULT_INFERENCE_RETRY_POLICY, 2, { transient: true })).toBe(true);
    expect(shouldRetry(DEFAULT_INFERENCE_RETRY_POLICY, 3, { transient: true })).toBe(false);
  });

  test('withRetries retries transient errors and gives up on permanent ones', async () => {
    const policy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        if (calls < 3) throw { transient: true };
        return 'ok';
      }, { policy }),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw Object.assign(new Error('bad request'), { transient: false });
      }, { policy }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  test('an aborted signal is final', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    let calls = 0;
    await expect(withRetries(async () => void calls++, { policy: DEFAULT_INFERENCE_RETRY_POLICY, signal: controller.signal })).rejects.toThrow('stop');
    expect(calls).toBe(0);
  });
});
