/**
 * The node:http plumbing our loopback servers share (built-in gateway, built-in autopilot,
 * simulated provider): bounded body reading, JSON replies, listening. Each server keeps its
 * own error shapes and limits; only the mechanics live here.
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The raw request body; throws `tooLarge()` (and destroys the request, stopping the read) once
 * it exceeds `maxBytes`. Plain 'data'/'end' listeners: on the gateway's hot path an async
 * iterator over the request costs measurably more.
 */
export function readRequestBody(req: http.IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    // 'close' without 'end': the client went away mid-body.
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    };
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    if (req.destroyed) return reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
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
