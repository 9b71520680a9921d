/**
 * The model-provider contract the built-in gateway calls. Requests and responses are
 * provider-neutral; each backend maps them to and from its own wire format.
 */

export type FinishReason = 'stop' | 'stop_sequence' | 'length' | 'tool_call' | 'content_filter' | 'unknown';

export interface ProviderToolCall {
  id: string;
  name: string;
  /** the JSON text exactly as the model produced it (may be invalid JSON) */
  arguments: string;
}

export type ProviderContentPart = { type: 'text'; text: string };

export type ProviderMessage =
  | { role: 'user'; content: ProviderContentPart[] }
  | { role: 'assistant'; content: ProviderContentPart[]; toolCalls?: ProviderToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ProviderTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type ProviderToolChoice = 'none' | 'auto' | 'required' | { specific: string };

export type ProviderResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict: boolean };

export interface ProviderRequest {
  system?: string;
  messages: ProviderMessage[];
  tools?: ProviderTool[];
  toolChoice?: ProviderToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ProviderResponseFormat;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  reasoningEffort?: string;
  serviceTier?: string;
  verbosity?: string;
}

export interface ProviderUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  /** USD, when the provider reports it (the simulated provider does) */
  cost?: number | null;
}

export interface ProviderResponse {
  /** all text parts joined; null when the model returned no text */
  text: string | null;
  toolCalls: ProviderToolCall[];
  usage: ProviderUsage;
  finishReason: FinishReason;
  /** the provider's request and response bodies, for the store (never carries the key) */
  rawRequest: string;
  rawResponse: string;
}

export interface CompleteOptions {
  signal?: AbortSignal;
}

export interface ModelProvider {
  /** the provider's name in the model's routing (e.g. `openai`, `sim`, a `[models.X.providers]` key) */
  readonly providerName: string;
  /** the model name sent on the wire */
  readonly modelName: string;
  complete(request: ProviderRequest, options?: CompleteOptions): Promise<ProviderResponse>;
  close(): Promise<void>;
}

/**
 * What went wrong, for callers that branch on it: `auth` (401/403), `rate_limit` (429),
 * `bad_request` (other 4xx, or a request the provider SDK rejects), `server` (5xx, incl.
 * Anthropic's 529 overloaded), `timeout`, `network` (no HTTP answer), `invalid_response`
 * (an answer we cannot read), `config` (missing key, unsupported type, ...).
 */
export type ProviderErrorKind = 'auth' | 'rate_limit' | 'bad_request' | 'server' | 'timeout' | 'network' | 'invalid_response' | 'config';

export interface ProviderErrorDetails {
  kind?: ProviderErrorKind;
  /** the server's Retry-After hint (from `retry-after-ms` or `retry-after`), in ms */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A failed provider call. `status` is the upstream HTTP status when there was one. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    readonly providerName: string,
    readonly status: number | undefined,
    /** true for failures a retry may fix: network errors, timeouts, 408, 429, 5xx */
    readonly retryable: boolean,
    details: ProviderErrorDetails = {},
  ) {
    super(`${providerName}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind ?? kindOfStatus(status, retryable);
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** The kind an HTTP status implies (used when a caller does not say). */
function kindOfStatus(status: number | undefined, retryable: boolean): ProviderErrorKind {
  if (status === undefined) return retryable ? 'network' : 'config';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'invalid_response';
}

/**
 * The error for a call its signal ended: a retryable `timeout` when the signal timed out (or
 * `timedOut` says so), else a final `network` "aborted". `during` names what was interrupted.
 */
export function abortedProviderError(
  signal: AbortSignal | undefined,
  providerName: string,
  options: { timedOut?: boolean; during?: string } = {},
): ProviderError {
  const timedOut = options.timedOut === true || (signal?.reason as Error | undefined)?.name === 'TimeoutError';
  const suffix = options.during ? ` ${options.during}` : '';
  return timedOut
    ? new ProviderError(`request timed out${suffix}`, providerName, undefined, true, { kind: 'timeout' })
    : new ProviderError(`request aborted${suffix}`, providerName, undefined, false, { kind: 'network' });
}

/** Thrown when a model names a provider type the built-in gateway cannot call yet. */
export class UnsupportedProviderError extends ProviderError {
  override name = 'UnsupportedProviderError';
  constructor(readonly providerType: string, providerName: string) {
    super(`provider type '${providerType}' is not yet supported by the built-in gateway`, providerName, undefined, false, { kind: 'config' });
  }
}
