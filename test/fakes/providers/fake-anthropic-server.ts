/**
 * A loopback server speaking Anthropic's Messages API (`POST /v1/messages`), for tests. Like the
 * real API it checks `x-api-key` (when a key is configured), `anthropic-version`, `model`,
 * `max_tokens` and `messages` before calling the handler, and answers errors as
 * `{type: "error", error: {type, message}}`.
 */
import { startFakeHttpServer, type FakeHandler, type FakeReply, type RecordedRequest } from './fake-http-server';

export interface FakeAnthropicServer {
  /** base URL including `/v1/`, as a provider's `api_base` */
  apiBase: string;
  requests: RecordedRequest[];
  respondWith(handler: FakeHandler): void;
  close(): Promise<void>;
}

export interface FakeAnthropicOptions {
  /** when set, requests without this `x-api-key` get 401 `authentication_error` */
  apiKey?: string;
}

export interface AnthropicToolUse {
  id: string;
  name: string;
  input: unknown;
}

/** A Messages API response body. */
export function anthropicMessage(options: {
  text?: string | null;
  toolUses?: AnthropicToolUse[];
  stopReason?: string;
  stopSequence?: string | null;
  usage?: { input_tokens: number; output_tokens: number };
  model?: string;
}): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  const text = options.text === undefined ? 'ok' : options.text;
  if (text !== null) content.push({ type: 'text', text });
  for (const use of options.toolUses ?? []) content.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input });
  return {
    id: 'msg_01TestFake',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-test',
    content,
    stop_reason: options.stopReason ?? (options.toolUses?.length ? 'tool_use' : 'end_turn'),
    stop_sequence: options.stopSequence ?? null,
    usage: options.usage ?? { input_tokens: 12, output_tokens: 6 },
  };
}

/** An Anthropic error reply: `rate_limit_error` (429), `overloaded_error` (529), `invalid_request_error` (400), ... */
export function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): FakeReply {
  return { status, body: { type: 'error', error: { type, message } }, headers };
}

export async function startFakeAnthropicServer(handler?: FakeHandler, options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  let current: FakeHandler = handler ?? (() => ({ body: anthropicMessage({}) }));
  const server = await startFakeHttpServer(
    (request, index) => checkRequest(request, options) ?? current(request, index),
    (err) => anthropicError(500, 'api_error', String(err)),
  );
  return {
    apiBase: `${server.origin}/v1/`,
    requests: server.requests,
    respondWith(next) {
      current = next;
    },
    close: server.close,
  };
}

function checkRequest(request: RecordedRequest, options: FakeAnthropicOptions): FakeReply | undefined {
  if (request.method !== 'POST' || request.path !== '/v1/messages') return anthropicError(404, 'not_found_error', `Not found: ${request.method} ${request.path}`);
  if (options.apiKey !== undefined && request.headers['x-api-key'] !== options.apiKey) return anthropicError(401, 'authentication_error', 'invalid x-api-key');
  if (!request.headers['anthropic-version']) return anthropicError(400, 'invalid_request_error', 'anthropic-version: header is required');
  const body = request.body;
  if (typeof body.model !== 'string') return anthropicError(400, 'invalid_request_error', 'model: Field required');
  if (typeof body.max_tokens !== 'number') return anthropicError(400, 'invalid_request_error', 'max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return anthropicError(400, 'invalid_request_error', 'messages: at least one message is required');
  return undefined;
}
