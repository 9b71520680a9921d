/**
 * A loopback server speaking Google AI Studio's Gemini API
 * (`POST /v1beta/models/{model}:generateContent`), for tests. It checks `x-goog-api-key` (when a
 * key is configured) and `contents` before calling the handler, and answers errors as
 * `{error: {code, message, status}}`. `modelOf(request)` reads the model from the path.
 */
import { startFakeHttpServer, type FakeHandler, type FakeReply, type RecordedRequest } from './fake-http-server';

export interface FakeGeminiServer {
  /** base URL including `/v1beta`, as a provider's `api_base` */
  apiBase: string;
  requests: RecordedRequest[];
  respondWith(handler: FakeHandler): void;
  close(): Promise<void>;
}

export interface FakeGeminiOptions {
  /** when set, requests without this `x-goog-api-key` get 400 `INVALID_ARGUMENT` (as Google answers a bad key) */
  apiKey?: string;
}

const PATH = /^\/v1beta\/models\/([^/:]+):generateContent$/;

/** The model named in a generateContent path. */
export function modelOf(request: RecordedRequest): string {
  return PATH.exec(request.path)?.[1] ?? '';
}

/** A generateContent response body. */
export function geminiResponse(options: {
  text?: string | null;
  functionCalls?: { name: string; args: Record<string, unknown> }[];
  finishReason?: string;
  usage?: { promptTokenCount: number; candidatesTokenCount: number };
  model?: string;
}): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  const text = options.text === undefined ? 'ok' : options.text;
  if (text !== null) parts.push({ text });
  for (const call of options.functionCalls ?? []) parts.push({ functionCall: { name: call.name, args: call.args } });
  const usage = options.usage ?? { promptTokenCount: 9, candidatesTokenCount: 4 };
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: options.finishReason ?? 'STOP', index: 0 }],
    usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount },
    modelVersion: options.model ?? 'gemini-test',
    responseId: 'resp-test',
  };
}

const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/** A Google API error reply, e.g. `geminiError(429, 'Resource has been exhausted (e.g. check quota).', {'retry-after': '2'})`. */
export function geminiError(code: number, message: string, headers?: Record<string, string>): FakeReply {
  return { status: code, body: { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' } }, headers };
}

export async function startFakeGeminiServer(handler?: FakeHandler, options: FakeGeminiOptions = {}): Promise<FakeGeminiServer> {
  let current: FakeHandler = handler ?? (() => ({ body: geminiResponse({}) }));
  const server = await startFakeHttpServer(
    (request, index) => checkRequest(request, options) ?? current(request, index),
    (err) => geminiError(500, String(err)),
  );
  return {
    apiBase: `${server.origin}/v1beta`,
    requests: server.requests,
    respondWith(next) {
      current = next;
    },
    close: server.close,
  };
}

function checkRequest(request: RecordedRequest, options: FakeGeminiOptions): FakeReply | undefined {
  if (request.method !== 'POST' || !PATH.test(request.path)) return geminiError(404, `Requested entity was not found: ${request.method} ${request.path}`);
  if (options.apiKey !== undefined && request.headers['x-goog-api-key'] !== options.apiKey) {
    return geminiError(400, 'API key not valid. Please pass a valid API key.');
  }
  if (!Array.isArray(request.body.contents) || request.body.contents.length === 0) return geminiError(400, '* GenerateContentRequest.contents: contents is not specified');
  return undefined;
}
