/**
 * What the provider contract suite needs from one provider type under test: a way to arrange
 * the upstream's next replies (in its own wire format), what the upstream received (decoded
 * to provider-neutral facts), and a call through the built-in gateway's model resolver and
 * `callModel` (retries, Retry-After, per-attempt timeouts) exactly as inference makes it.
 */
import type { ModelCallResult } from '../../../builtin-gateway/inference/call-model';
import type { ProviderRequest } from '../../../providers/types';

/** The cases of the suite; an entry lists the ones that apply to it. */
export type ProviderContractCase =
  | 'chat'
  | 'json_mode'
  | 'tools'
  | 'usage_and_cost'
  | 'auth_error'
  | 'bad_request_error'
  | 'server_error'
  | 'rate_limit_retry_after'
  | 'attempt_timeout';

export type UpstreamFailure = 'auth' | 'bad_request' | 'server' | 'rate_limit';

/** One reply of the upstream, said provider-neutrally; each wire dialect renders it. */
export type ArrangedReply =
  | { kind: 'text'; text: string; usage?: { input: number; output: number } }
  | { kind: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { kind: 'error'; failure: UpstreamFailure; message: string; retryAfterS?: number }
  /** answers later than any per-attempt timeout of the suite */
  | { kind: 'slow' };

/** What one request to the upstream carried, decoded from its wire format. */
export interface ReceivedRequest {
  /** Date.now() when it arrived */
  atMs: number;
  /** every text of the prompt (system and messages), joined */
  promptText: string;
  /** the credential as found in the provider's own header; undefined when none was sent */
  credential: string | undefined;
  /** the request asked for JSON output in the provider's own way */
  jsonMode: boolean;
  toolNames: string[];
  /** tool results sent back; `id` is absent on wires without call ids (Gemini matches by name) */
  toolResults: { id?: string; name?: string; content: string }[];
}

export interface CallOptions {
  /** the variant's `retries`; default none */
  numRetries?: number;
  maxDelayS?: number;
}

/** Token counts and cost a reply should come back with; undefined = "whatever the upstream computes, above zero". */
export interface ExpectedUsage {
  inputTokens?: number;
  outputTokens: number;
  /** the cost the provider should report for these token counts; undefined = it reports none */
  costFor(inputTokens: number, outputTokens: number): number | undefined;
}

export interface ProviderUnderTest {
  /** the provider type as written in tensorzero.toml */
  readonly type: string;
  /** the key the provider was configured with (`api_key_location = "env::…"`); undefined = none */
  readonly apiKey: string | undefined;
  /** the upstream's next replies in order; the last one repeats */
  arrange(...replies: ArrangedReply[]): Promise<void>;
  received(): ReceivedRequest[];
  /** what the error the provider raises should quote of an arranged error message */
  upstreamMessage(arranged: string): string;
  /** usage the provider should report for a text reply */
  expectedUsage(reply: { text: string; usage: { input: number; output: number } }): ExpectedUsage;
  /** one model call as the built-in gateway makes it */
  call(request: ProviderRequest, options?: CallOptions): Promise<ModelCallResult>;
  close(): Promise<void>;
}

export interface ProviderRegistryEntry {
  /** shown in test names, e.g. `openai` or `vllm (OpenAI-compatible)` */
  label: string;
  cases: readonly ProviderContractCase[];
  /** a fresh upstream and provider; every case gets its own */
  create(): Promise<ProviderUnderTest>;
}
