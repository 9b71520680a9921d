/** Reading JSON requests and writing JSON responses with node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody, sendJson } from '../../common/http-server';
import { InvalidRequestError } from './errors';

export { sendJson };

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The parsed JSON body; an empty body reads as `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readRequestBody(req, MAX_BODY_BYTES, () => new InvalidRequestError('request body too large'));
  const text = body.toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('request body is not valid JSON');
  }
}

/** Errors use the shape the gateway's proxy propagates: `{"error": {"message": …}}`. */
export function sendError(res: ServerResponse, statusCode: number, message: string): void {
  sendJson(res, statusCode, { error: { message } });
}
