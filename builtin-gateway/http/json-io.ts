import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody, sendJson } from '../../common/http-server';
import { HttpError } from './http-error';

export { sendJson };

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The raw request body (up to 64 MiB). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  return readRequestBody(req, MAX_BODY_BYTES, () => new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
}

/** Parses the body as JSON (no Content-Type needed, as with TensorZero); 400 when it is not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'request body is empty; expected a JSON object');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The gateway's error body: `{"error": message}`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}
