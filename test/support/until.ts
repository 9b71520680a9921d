/** Polls `probe` until it returns something truthy (errors count as not yet); fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false | null | ''> | T | undefined | false | null | '', timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
