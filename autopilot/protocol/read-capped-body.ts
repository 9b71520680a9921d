import { AutopilotProtocolError } from './protocol-error';

/**
 * Reads a response body as text, refusing (and cancelling) one longer than `maxBytes`: a
 * declared Content-Length over the cap is refused before reading, a streamed body as soon as
 * it passes the cap, so an enormous answer never sits in memory.
 */
export async function readCappedText(response: Response, maxBytes: number, route: string): Promise<string> {
  const tooLarge = (problem: string) => new AutopilotProtocolError({ kind: 'too_large', route, jsonPath: null, value: null, problem });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(`declares ${declared} bytes (Content-Length), over the cap of ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(`is longer than the cap of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
