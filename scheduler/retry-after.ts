/**
 * Reads a server's "wait this long before retrying" hint from response headers:
 * `retry-after-ms` (milliseconds, OpenAI) wins over `retry-after` (delta-seconds or an
 * HTTP date, RFC 9110 §10.2.3). Returns undefined when there is no usable hint.
 */
type HeaderBag = Record<string, string | undefined> | Headers | undefined;

export function parseRetryAfterMs(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const read = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : headers[key];
  };
  const ms = read('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = read('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  if (!/^[A-Za-z]{3},/.test(value)) return undefined; // an HTTP date starts with the day name
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
