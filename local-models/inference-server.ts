import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { ChatModelFunctions } from 'node-llama-cpp';
import { listen, sendJson } from '../common/http-server';
import { parseOpenAiBody, sendOpenAiError as sendError } from '../common/openai-http';
import { chatCompletionRequestSchema, type ChatCompletionRequest, type ChatCompletionResponse } from '../sim-provider/openai-wire';
import { LOCAL_MODEL_NAMES } from './catalog';
import { ChatHistoryError, toChatHistory } from './chat-history';
import { LocalModelFileMissingError, LocalModelNotInstalledError, LocalModelTooBigError, UnknownLocalModelError } from './errors';
import { ToolsUnsupportedError, type GenerateRequest, type GenerateResult, type ModelRuntime } from './model-runtime';
import { responseCacheKey, type ResponseCache } from './response-cache';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** a run sends a few calls at once (episode_concurrency, dry runs); a longer queue would only wait minutes */
export const DEFAULT_MAX_QUEUE = 8;
/** a guess for Retry-After until the first generation has been timed */
const INITIAL_GENERATION_ESTIMATE_MS = 10_000;

export interface LocalInferenceServerOptions {
  runtime: ModelRuntime;
  host?: string;
  port?: number;
  /** requests waiting or running at once; more get 429 */
  maxQueue: number;
  /** cap for requests that set no max_tokens: a small model under a JSON grammar can otherwise fill its whole context */
  defaultMaxTokens: number;
  /** answers of deterministic requests, shared with other servers (response-cache.ts); none by default */
  responseCache?: ResponseCache;
}

export interface LocalInferenceServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * OpenAI chat completions over loopback for `local::` models. Generations run one at a time
 * (two CPU cores; one context sequence per model keeps the prefix cache warm); at most
 * `maxQueue` requests wait or run, the rest get 429 with a Retry-After (queue length × recent
 * generation time) so callers back off instead of hanging behind a long queue.
 */
export async function createLocalInferenceServer(options: LocalInferenceServerOptions): Promise<LocalInferenceServer> {
  let inFlight = 0;
  // recent generation time (moving average), for the Retry-After of a refused request
  let generationMs = INITIAL_GENERATION_ESTIMATE_MS;
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };

  async function chatCompletions(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const request = await parseOpenAiBody(req, res, chatCompletionRequestSchema, MAX_BODY_BYTES);
    if (!request) return;
    if (request.stream) return sendError(res, 400, 'invalid_request_error', 'stream', 'streaming is not supported by the local provider');
    const cacheKey = options.responseCache ? responseCacheKey(request) : null;
    const cached = cacheKey ? options.responseCache!.get(cacheKey) : undefined;
    if (cached) return sendCompletion(res, request.model, cached, 'local-llama-cpp-cached');
    if (inFlight >= options.maxQueue) {
      // refuse at once rather than let the caller wait behind the whole queue; say when to come back
      const retryAfterS = Math.max(1, Math.ceil((inFlight * generationMs) / 1000));
      res.setHeader('retry-after', String(retryAfterS));
      return sendError(res, 429, 'rate_limit_error', null, `local inference queue is full (${options.maxQueue} requests); retry after ${retryAfterS} s`);
    }
    inFlight++;
    try {
      // a client that gave up (timeout, disconnect) must not keep the single generation slot busy
      const abandoned = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) abandoned.abort();
      });
      const generate = { ...toGenerateRequest(request, options.defaultMaxTokens), signal: abandoned.signal };
      const result = await serially(async () => {
        if (abandoned.signal.aborted) throw new ClientGoneError();
        const started = Date.now();
        const generated = await options.runtime.generate(request.model, generate);
        generationMs = 0.7 * generationMs + 0.3 * (Date.now() - started);
        return generated;
      });
      if (abandoned.signal.aborted) return;
      if (cacheKey) options.responseCache!.put(cacheKey, result);
      sendCompletion(res, request.model, result, 'local-llama-cpp');
    } catch (err) {
      if (err instanceof ClientGoneError) return;
      if (err instanceof ChatHistoryError) return sendError(res, 400, 'invalid_request_error', err.param, err.message);
      if (err instanceof ToolsUnsupportedError) return sendError(res, 400, 'invalid_request_error', 'tools', err.message);
      if (err instanceof UnknownLocalModelError || err instanceof LocalModelNotInstalledError || err instanceof LocalModelFileMissingError) return sendError(res, 404, 'invalid_request_error', 'model', err.message, 'model_not_found');
      if (err instanceof LocalModelTooBigError) return sendError(res, 507, 'server_error', 'model', err.message, 'insufficient_memory');
      throw err;
    } finally {
      inFlight--;
    }
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    let handled: Promise<void>;
    if (req.method === 'GET' && path === '/health') handled = Promise.resolve(sendJson(res, 200, { status: 'ok', loaded: options.runtime.loadedModels(), in_flight: inFlight }));
    else if (req.method === 'GET' && path === '/v1/models') handled = Promise.resolve(sendJson(res, 200, { object: 'list', data: LOCAL_MODEL_NAMES.map((id) => ({ id, object: 'model', created: 0, owned_by: 'local' })) }));
    else if (req.method === 'POST' && path === '/v1/chat/completions') handled = chatCompletions(req, res);
    else handled = Promise.resolve(sendError(res, 404, 'invalid_request_error', null, `Unknown request URL: ${req.method} ${path}`));
    handled.catch((err: unknown) => sendError(res, 500, 'server_error', null, `local inference failed: ${(err as Error).message}`));
  });
  const { port } = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/v1/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One generation as an OpenAI chat completion; `fingerprint` says whether it came from the response cache. */
function sendCompletion(res: http.ServerResponse, model: string, result: GenerateResult, fingerprint: string): void {
  const message: ChatCompletionResponse['choices'][number]['message'] = { role: 'assistant', content: result.toolCalls.length > 0 && !result.text ? null : result.text, refusal: null };
  if (result.toolCalls.length > 0) {
    message.tool_calls = result.toolCalls.map((call) => ({ id: `call_${randomBytes(8).toString('hex')}`, type: 'function', function: call }));
  }
  sendJson(res, 200, {
    id: `chatcmpl-local-${randomBytes(8).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: fingerprint,
    choices: [{ index: 0, message, finish_reason: result.finishReason, logprobs: null }],
    usage: {
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      total_tokens: result.promptTokens + result.completionTokens,
      prompt_tokens_details: { cached_tokens: result.cachedTokens },
      cost: 0,
    },
  });
}

/** The client disconnected while its request waited in the queue: nothing to answer. */
class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

function toGenerateRequest(request: ChatCompletionRequest, defaultMaxTokens: number): GenerateRequest {
  const format = request.response_format;
  let jsonSchema: Record<string, unknown> | undefined;
  if (format?.type === 'json_schema') jsonSchema = (format.json_schema.schema as Record<string, unknown> | undefined) ?? {};
  else if (format?.type === 'json_object') jsonSchema = {};
  let functions: ChatModelFunctions | undefined;
  if (request.tools && request.tools.length > 0 && request.tool_choice !== 'none') {
    const entries = request.tools.map((tool) => [tool.function.name, { description: tool.function.description, params: tool.function.parameters }] as const);
    functions = Object.fromEntries(entries) as ChatModelFunctions;
  }
  return {
    history: toChatHistory(request.messages),
    jsonSchema,
    functions,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    temperature: request.temperature ?? undefined,
    seed: request.seed ?? undefined,
  };
}
