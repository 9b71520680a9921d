/**
 * The node:http plumbing our loopback servers share (built-in gateway, built-in autopilot,
 * simulated provider): bounded body reading, JSON replies, listening. Each server keeps its
 * own error shapes and limits; only the mechanics live here.
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The raw request body; throws `tooLarge()` (and stops reading) once it exceeds `maxBytes`. */
export async function readRequestBody(req: http.IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Answers with `body` as JSON and an exact content-length. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts listening and resolves with the bound address; a bind failure (EADDRINUSE, …) rejects. */
export async function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
