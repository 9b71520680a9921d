import { backoffDelay } from './backoff';
import { KeyedLimiter } from './keyed-limiter';
import { parseRetryAfterMs } from './retry-after';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds, HTTP dates and retry-after-ms (which wins)', () => {
    expect(parseRetryAfterMs({ 'retry-after': '7' }, now)).toBe(7000);
    expect(parseRetryAfterMs({ 'Retry-After': '0.5' }, now)).toBe(500);
    expect(parseRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' }), now)).toBe(1500);
  });
  it('ignores missing and malformed hints', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs({})).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '-3' })).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with equal jitter, capped at the maximum', () => {
    const at = (attempt: number, random: number) => backoffDelay({ attempt, baseDelayMs: 100, maxDelayMs: 1000, random: () => random });
    expect(at(0, 0)).toEqual({ retry: true, delayMs: 50 });
    expect(at(0, 0.999999)).toEqual({ retry: true, delayMs: 100 });
    expect(at(2, 0)).toEqual({ retry: true, delayMs: 200 });
    expect(at(10, 0)).toEqual({ retry: true, delayMs: 500 });
    expect(at(10, 0.999999)).toEqual({ retry: true, delayMs: 1000 });
  });
  it('waits at least the Retry-After, and gives up when it exceeds the cap', () => {
    expect(backoffDelay({ attempt: 0, baseDelayMs: 100, maxDelayMs: 10_000, retryAfterMs: 3000, random: () => 0 })).toEqual({ retry: true, delayMs: 3000 });
    const decision = backoffDelay({ attempt: 0, baseDelayMs: 100, maxDelayMs: 10_000, retryAfterMs: 30_000 });
    expect(decision).toEqual({ retry: false, reason: 'the provider asked to retry after 30 s, longer than the maximum retry delay of 10 s' });
  });
});

describe('KeyedLimiter', () => {
  it('limits calls per key, not across keys, and leaves unlimited keys alone', async () => {
    const limiter = new KeyedLimiter((key) => (key.startsWith('a') ? 2 : key === 'b' ? 1 : undefined));
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const gates: Array<() => void> = [];
    const task = (key: string) =>
      limiter.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
        await new Promise<void>((resolve) => gates.push(resolve));
        running.set(key, running.get(key)! - 1);
      });
    const all = [...['a1', 'a1', 'a1', 'a1'].map(task), ...['b', 'b', 'b'].map(task), ...['c', 'c', 'c'].map(task)];
    while (gates.length < 2 + 1 + 3) await new Promise((r) => setImmediate(r));
    expect(gates).toHaveLength(6);
    while (gates.length > 0 || [...running.values()].some((n) => n > 0)) {
      gates.splice(0).forEach((open) => open());
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(Object.fromEntries(peak)).toEqual({ a1: 2, b: 1, c: 3 });
  });

  it('stops waiting when the signal aborts, and hands the permit on', async () => {
    const limiter = new KeyedLimiter(() => 1);
    let releaseFirst!: () => void;
    const first = limiter.run('k', () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const controller = new AbortController();
    let secondRan = false;
    const second = limiter.run('k', async () => void (secondRan = true), controller.signal);
    controller.abort(new Error('gave up'));
    await expect(second).rejects.toThrow('gave up');
    let thirdRan = false;
    const third = limiter.run('k', async () => void (thirdRan = true));
    releaseFirst();
    await first;
    await third;
    expect(secondRan).toBe(false);
    expect(thirdRan).toBe(true);
  });
});
