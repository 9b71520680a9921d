/** Reading JSON requests and writing JSON responses with node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidRequestError } from './errors';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The parsed JSON body; an empty body reads as `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InvalidRequestError('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** Errors use the shape the gateway's proxy propagates: `{"error": {"message": …}}`. */
export function sendError(res: ServerResponse, statusCode: number, message: string): void {
  sendJson(res, statusCode, { error: { message } });
}
