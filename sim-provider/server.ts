import * as http from 'node:http';
import { listen, sendJson } from '../common/http-server';
import { embeddingsRequestSchema, embeddingsResponse } from './embeddings';
import { parseOpenAiBody, sendOpenAiError as sendError } from '../common/openai-http';
import { chatCompletionRequestSchema, type ChatCompletionResponse } from './openai-wire';
import { simulateCompletion, type SimulatedCompletion } from './simulate';
import { latencyMs, SIM_TIER_NAMES, UnknownSimTierError } from './tiers';
import type { SimProviderServer, SimProviderServerOptions } from './types';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts the simulated provider: an OpenAI-compatible chat-completions server on loopback.
 * TensorZero's gateway (an `openai` provider with `api_base = url`) and the built-in gateway
 * both talk to it over HTTP.
 */
export async function createSimProviderServer(options: SimProviderServerOptions): Promise<SimProviderServer> {
  const host = options.host ?? '127.0.0.1';
  const latencyScale = options.latencyScale ?? 1;
  const server = http.createServer((req, res) => {
    handle(req, res, options, latencyScale).catch((err: unknown) => {
      sendError(res, 500, 'server_error', null, `simulated provider failed: ${(err as Error).message}`);
    });
  });
  const { port } = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return { url: `http://${urlHost}:${port}/v1/`, port, close, [Symbol.asyncDispose]: close };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, options: SimProviderServerOptions, latencyScale: number): Promise<void> {
  const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
  if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/v1/models') {
    return sendJson(res, 200, { object: 'list', data: SIM_TIER_NAMES.map((id) => ({ id, object: 'model', created: 0, owned_by: 'sim' })) });
  }
  if (path === '/v1/chat/completions') {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_request_error', null, `Method ${req.method} is not allowed on ${path}; use POST`);
    return chatCompletions(req, res, options, latencyScale);
  }
  if (path === '/v1/embeddings') {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_request_error', null, `Method ${req.method} is not allowed on ${path}; use POST`);
    return embeddings(req, res);
  }
  return sendError(res, 404, 'invalid_request_error', null, `Unknown request URL: ${req.method} ${path}`);
}

async function embeddings(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const request = await parseOpenAiBody(req, res, embeddingsRequestSchema, MAX_BODY_BYTES);
  if (request) sendJson(res, 200, embeddingsResponse(request));
}

async function chatCompletions(req: http.IncomingMessage, res: http.ServerResponse, options: SimProviderServerOptions, latencyScale: number): Promise<void> {
  const request = await parseOpenAiBody(req, res, chatCompletionRequestSchema, MAX_BODY_BYTES);
  if (!request) return;
  let completion: SimulatedCompletion;
  try {
    completion = simulateCompletion(request, { seed: options.seed, oracles: options.oracles });
  } catch (err) {
    if (err instanceof UnknownSimTierError) return sendError(res, 404, 'invalid_request_error', 'model', err.message, 'model_not_found');
    throw err;
  }
  const delayMs = latencyMs(completion.tier, { prompt: completion.usage.prompt_tokens, completion: completion.usage.completion_tokens }, latencyScale, completion.latencyUnit);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));

  const response = toResponse(request.model, options.seed, completion);
  if (request.stream) return sendStream(res, response, (request as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage === true);
  sendJson(res, 200, response);
}

function toResponse(model: string, seed: number, completion: SimulatedCompletion): ChatCompletionResponse {
  const message: ChatCompletionResponse['choices'][number]['message'] = { role: 'assistant', content: completion.content, refusal: null };
  if (completion.toolCalls.length > 0) message.tool_calls = completion.toolCalls;
  return {
    id: `chatcmpl-sim-${Math.floor(completion.latencyUnit * 2 ** 52).toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: `sim-seed-${seed}`,
    choices: [{ index: 0, message, finish_reason: completion.finishReason, logprobs: null }],
    usage: completion.usage,
  };
}

/** Streams the whole answer as one delta chunk, a finish chunk and (if asked) a usage chunk. */
function sendStream(res: http.ServerResponse, response: ChatCompletionResponse, includeUsage: boolean): void {
  const { message, finish_reason } = response.choices[0];
  const base = { id: response.id, object: 'chat.completion.chunk', created: response.created, model: response.model, system_fingerprint: response.system_fingerprint };
  const toolCalls = message.tool_calls?.map((call, index) => ({ index, ...call }));
  const chunks: unknown[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: message.content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason }] },
  ];
  if (includeUsage) chunks.push({ ...base, choices: [], usage: response.usage });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  res.end('data: [DONE]\n\n');
}

