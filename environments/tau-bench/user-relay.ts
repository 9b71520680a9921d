/**
 * The simulated customer's model through the run's gateway: tau2's user simulator speaks OpenAI's
 * chat-completions format (litellm `openai/<model>` at a base URL), the gateway speaks TensorZero's
 * inference API. This loopback relay, one per episode, turns each user-simulator call into an
 * inference of the helper function `<env>::simulate_user` (own model, same episode id), so those
 * calls are stored and observable like the agent's but never count as the agent's.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { z } from 'zod';
import { listen, readRequestBody, sendJson } from '../../common/http-server';
import { episodeKeyWithoutClock } from '../../common/uuid7';
import { messageText, chatMessageSchema } from '../../common/oracle-contract/chat-request';
import type { InferenceRequest, InputMessage } from '../../gateway/wire';
import { DEFAULT_INFERENCE_RETRY_POLICY } from '../../scheduler/retry-policy';
import { withRetries } from '../../scheduler/with-retries';
import type { EnvironmentGateway } from '../types';

export interface UserRelay {
  /** the OpenAI-compatible base URL to give tau2's user simulator */
  baseUrl: string;
  close(): Promise<void>;
}

export interface UserRelayOptions {
  gateway: EnvironmentGateway;
  /** the gateway function, e.g. `tau_bench_airline_v0::simulate_user` */
  functionName: string;
  episodeId?: string;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const requestSchema = z.looseObject({ messages: z.array(chatMessageSchema).min(1) });

export async function startUserRelay(options: UserRelayOptions): Promise<UserRelay> {
  const server = http.createServer((req, res) => {
    void relay(options, req).then(
      (body) => sendJson(res, 200, body),
      (err: unknown) => sendJson(res, 502, { error: { message: `user relay → gateway ${options.functionName}: ${(err as Error).message}`, type: 'relay_error' } }),
    );
  });
  const address = await listen(server, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function relay(options: UserRelayOptions, req: http.IncomingMessage): Promise<unknown> {
  const raw = await readRequestBody(req, MAX_BODY_BYTES, () => new Error(`request body over ${MAX_BODY_BYTES} bytes`));
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) throw new Error(`unsupported ${req.method} ${req.url}: only POST …/chat/completions`);
  const parsed = requestSchema.safeParse(JSON.parse(raw.toString('utf8')));
  if (!parsed.success) throw new Error(`not a chat-completions request: ${parsed.error.issues[0].message}`);
  const system = parsed.data.messages.filter((m) => m.role === 'system').map(messageText).join('\n');
  const messages: InputMessage[] = parsed.data.messages
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: [{ type: 'text', text: messageText(m) }] }));
  const request: InferenceRequest = {
    function_name: options.functionName,
    input: { ...(system ? { system } : {}), messages },
    // a seed per episode: a sampled model answers repeats of a task differently (the simulator too)
    ...(options.episodeId ? { episode_id: options.episodeId, params: { chat_completion: { seed: episodeSeed(options.episodeId) } } } : {}),
  };
  const response = await withRetries(() => options.gateway.inference(request), { policy: DEFAULT_INFERENCE_RETRY_POLICY });
  const text = 'content' in response ? response.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n') : (response.output.raw ?? '');
  return {
    id: `relay-${response.inference_id}`,
    object: 'chat.completion',
    created: 0,
    model: options.functionName,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: response.usage?.input_tokens ?? 0, completion_tokens: response.usage?.output_tokens ?? 0, total_tokens: (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0) },
  };
}

/**
 * The episode's seed, from its id without the UUIDv7 timestamp: with a run seed the harness makes
 * the rest of the id from the seed (rollouts/episode-ids.ts), so a rerun greets alike; the
 * timestamp would have made every rerun a different conversation.
 */
export function episodeSeed(episodeId: string): number {
  return createHash('sha256').update(episodeKeyWithoutClock(episodeId)).digest().readUInt32BE(0) & 0x7fffffff;
}
