/**
 * The OpenAI wire's HTTP side, shared by our two OpenAI-compatible model servers (the simulated
 * provider and the `local::` inference server): JSON bodies read and validated with OpenAI's
 * 400s, and errors in OpenAI's `{ error: { message, type, param, code } }` shape.
 */
import type * as http from 'node:http';
import type { z } from 'zod';
import { readRequestBody, sendJson } from './http-server';

/** OpenAI's error body. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An OpenAI-shaped error; nothing is sent once a (streamed) answer has begun. */
export function sendOpenAiError(res: http.ServerResponse, status: number, type: string, param: string | null, message: string, code: string | null = null): void {
  if (res.headersSent) return;
  const body: OpenAiErrorBody = { error: { message, type, param, code } };
  sendJson(res, status, body);
}

/** Reads and validates a JSON body; on failure answers 400 as OpenAI does (the bad field as `param`) and returns null. */
export async function parseOpenAiBody<T>(req: http.IncomingMessage, res: http.ServerResponse, schema: z.ZodType<T>, maxBytes: number): Promise<T | null> {
  let body: unknown;
  try {
    body = JSON.parse((await readRequestBody(req, maxBytes, () => new Error(`body larger than ${maxBytes} bytes`))).toString('utf8'));
  } catch (err) {
    sendOpenAiError(res, 400, 'invalid_request_error', null, `The request body is not valid JSON: ${(err as Error).message}`);
    return null;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.join('.');
    sendOpenAiError(res, 400, 'invalid_request_error', param || null, `Invalid request at '${param || '(root)'}': ${issue.message}`);
    return null;
  }
  return parsed.data;
}
