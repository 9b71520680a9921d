/**
 * How each wire format says the suite's arranged replies, and what a received request means in
 * provider-neutral terms. The bodies follow each API's documented shapes (and the fakes in
 * test/fakes/providers/, which assert what the SDK versions in package.json send).
 */
import { anthropicError, anthropicMessage, startFakeAnthropicServer } from '../../fakes/providers/fake-anthropic-server';
import { geminiError, geminiResponse, startFakeGeminiServer } from '../../fakes/providers/fake-gemini-server';
import type { FakeHandler, FakeReply, RecordedRequest } from '../../fakes/providers/fake-http-server';
import { chatCompletion, openAiError, startFakeOpenAiServer } from '../../fakes/providers/fake-openai-server';
import type { ArrangedReply, ReceivedRequest, UpstreamFailure } from './types';

type Json = Record<string, unknown>;
type Rendered = Exclude<ArrangedReply, { kind: 'slow' }>;

export interface WireServer {
  apiBase: string;
  requests: RecordedRequest[];
  respondWith(handler: FakeHandler): void;
  close(): Promise<void>;
}

export interface WireDialect {
  start(): Promise<WireServer>;
  render(reply: Rendered): FakeReply;
  decode(request: RecordedRequest): Omit<ReceivedRequest, 'atMs'>;
}

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : asArray(content).map((b) => (typeof b.text === 'string' ? b.text : '')).join('');
const retryHeaders = (reply: { retryAfterS?: number }) => (reply.retryAfterS === undefined ? undefined : { 'retry-after': String(reply.retryAfterS) });

/** OpenAI's chat completions; `errorShape` covers servers that answer errors their own way (vLLM, SGLang). */
export function openAiWire(errorShape: 'openai' | 'vllm' = 'openai'): WireDialect {
  const statusOf: Record<UpstreamFailure, number> = { auth: 401, bad_request: 400, server: 500, rate_limit: 429 };
  return {
    start: () => startFakeOpenAiServer(),
    render(reply) {
      if (reply.kind === 'text') {
        const usage = reply.usage ?? { input: 10, output: 5 };
        return { body: chatCompletion({ text: reply.text, usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } }) };
      }
      if (reply.kind === 'tool_call') return { body: chatCompletion({ text: null, toolCalls: [{ id: reply.id, name: reply.name, arguments: JSON.stringify(reply.arguments) }] }) };
      const status = statusOf[reply.failure];
      if (errorShape === 'vllm') {
        // vLLM's `--api-key` middleware answers `{"error": "Unauthorized"}`; its other errors are flat
        const body = reply.failure === 'auth' ? { error: reply.message } : { object: 'error', message: reply.message, type: 'BadRequestError', param: null, code: status };
        return { status, body, headers: retryHeaders(reply) };
      }
      const code = { auth: 'invalid_api_key', bad_request: null, server: null, rate_limit: 'rate_limit_exceeded' }[reply.failure];
      const type = { auth: 'invalid_request_error', bad_request: 'invalid_request_error', server: 'server_error', rate_limit: 'requests' }[reply.failure];
      return openAiError(status, reply.message, type, code, retryHeaders(reply));
    },
    decode(request) {
      const body = request.body;
      const messages = asArray(body.messages);
      const format = (body.response_format as Json | undefined)?.type;
      return {
        promptText: messages.map((m) => textOf(m.content)).join('\n'),
        credential: /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1],
        jsonMode: format === 'json_schema' || format === 'json_object',
        toolNames: asArray(body.tools).map((t) => String((t.function as Json).name)),
        toolResults: messages.filter((m) => m.role === 'tool').map((m) => ({ id: String(m.tool_call_id), content: textOf(m.content) })),
      };
    },
  };
}

/** Anthropic's Messages API; overload is its 529. */
export const anthropicWire: WireDialect = {
  start: () => startFakeAnthropicServer(),
  render(reply) {
    if (reply.kind === 'text') {
      const usage = reply.usage ?? { input: 12, output: 6 };
      return { body: anthropicMessage({ text: reply.text, usage: { input_tokens: usage.input, output_tokens: usage.output } }) };
    }
    if (reply.kind === 'tool_call') return { body: anthropicMessage({ text: null, toolUses: [{ id: reply.id, name: reply.name, input: reply.arguments }] }) };
    const [status, type] = ({ auth: [401, 'authentication_error'], bad_request: [400, 'invalid_request_error'], server: [529, 'overloaded_error'], rate_limit: [429, 'rate_limit_error'] } as const)[reply.failure];
    return anthropicError(status, type, reply.message, retryHeaders(reply));
  },
  decode(request) {
    const body = request.body;
    const messages = asArray(body.messages);
    const system = typeof body.system === 'string' ? body.system : textOf(body.system);
    const blocks = messages.flatMap((m) => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : asArray(m.content)));
    return {
      promptText: [system, ...messages.map((m) => textOf(m.content))].join('\n'),
      credential: request.headers['x-api-key'] as string | undefined,
      jsonMode: (body.output_config as Json | undefined)?.format !== undefined,
      toolNames: asArray(body.tools).map((t) => String(t.name)),
      toolResults: blocks.filter((b) => b.type === 'tool_result').map((b) => ({ id: String(b.tool_use_id), content: textOf(b.content) })),
    };
  },
};

/** Google AI Studio's generateContent; a bad key is 403 PERMISSION_DENIED here, overload 503. */
export const geminiWire: WireDialect = {
  start: () => startFakeGeminiServer(),
  render(reply) {
    if (reply.kind === 'text') {
      const usage = reply.usage ?? { input: 9, output: 4 };
      return { body: geminiResponse({ text: reply.text, usage: { promptTokenCount: usage.input, candidatesTokenCount: usage.output } }) };
    }
    if (reply.kind === 'tool_call') return { body: geminiResponse({ text: null, functionCalls: [{ name: reply.name, args: reply.arguments }] }) };
    const status = { auth: 403, bad_request: 400, server: 503, rate_limit: 429 }[reply.failure];
    return geminiError(status, reply.message, retryHeaders(reply));
  },
  decode(request) {
    const body = request.body;
    const contents = asArray(body.contents);
    const parts = contents.flatMap((c) => asArray(c.parts));
    const system = textOf((body.systemInstruction as Json | undefined)?.parts);
    return {
      promptText: [system, ...contents.map((c) => textOf(c.parts))].join('\n'),
      credential: request.headers['x-goog-api-key'] as string | undefined,
      jsonMode: (body.generationConfig as Json | undefined)?.responseMimeType === 'application/json',
      toolNames: asArray(body.tools).flatMap((t) => asArray(t.functionDeclarations).map((f) => String(f.name))),
      toolResults: parts
        .filter((p) => p.functionResponse)
        .map((p) => {
          const response = p.functionResponse as Json;
          return { name: String(response.name), content: JSON.stringify(response.response) };
        }),
    };
  },
};
