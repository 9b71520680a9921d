/**
 * A loopback server speaking OpenAI's chat-completions wire format (`POST /v1/chat/completions`),
 * for tests: canned completions, OpenAI-style error bodies, and (with `simulatedOpenAiHandler`)
 * answers produced by the simulator.
 */
import { startFakeHttpServer, type FakeHandler, type FakeReply, type RecordedRequest } from './fake-http-server';

export type { FakeHandler, FakeReply, RecordedRequest } from './fake-http-server';

export interface FakeOpenAiServer {
  /** base URL including `/v1/`, as a provider's `api_base` */
  apiBase: string;
  requests: RecordedRequest[];
  /** replaces the responder for later requests */
  respondWith(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A chat-completions body with the given text or tool calls, as OpenAI returns it. */
export function chatCompletion(options: {
  text?: string | null;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finishReason?: string;
  usage?: Record<string, number>;
  model?: string;
}): Record<string, unknown> {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'gpt-test',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: options.text === undefined ? 'ok' : options.text,
          refusal: null,
          ...(options.toolCalls
            ? { tool_calls: options.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
            : {}),
        },
        logprobs: null,
        finish_reason: options.finishReason ?? (options.toolCalls ? 'tool_calls' : 'stop'),
      },
    ],
    usage: options.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** An OpenAI error reply, e.g. `openAiError(429, 'Rate limit reached', 'requests', 'rate_limit_exceeded', {'retry-after': '1'})`. */
export function openAiError(status: number, message: string, type = 'invalid_request_error', code: string | null = null, headers?: Record<string, string>): FakeReply {
  return { status, body: { error: { message, type, param: null, code } }, headers };
}

export async function startFakeOpenAiServer(handler?: FakeHandler): Promise<FakeOpenAiServer> {
  const server = await startFakeHttpServer(handler ?? (() => ({ body: chatCompletion({}) })), (err) => openAiError(500, String(err), 'server_error'));
  return { apiBase: `${server.origin}/v1/`, requests: server.requests, respondWith: server.respondWith, close: server.close };
}
