/**
 * Turns whatever an AI SDK provider call threw into a `ProviderError` with a clear kind:
 * HTTP errors keep their status (retryable: 408, 429, 5xx incl. Anthropic's 529) and the
 * server's Retry-After hint; connection failures are retryable `network` errors; our timeout
 * is a retryable `timeout`; unreadable answers are `invalid_response` (502); arguments the SDK
 * rejects are `bad_request`. The API key is redacted from every message.
 */
import { APICallError, InvalidArgumentError, InvalidPromptError, InvalidResponseDataError, JSONParseError, TypeValidationError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { parseRetryAfterMs } from '../scheduler/retry-after';
import { isTransientError, isTransientStatus } from '../scheduler/retry-policy';
import { errorMessageOf } from '../common/error-body';
import { redactSecrets } from '../common/secrets';
import { abortedProviderError, ProviderError } from './types';

const MAX_DETAIL_CHARS = 500;

export function toProviderError(err: unknown, providerName: string, apiKey: string | undefined, signal?: AbortSignal): ProviderError {
  if (err instanceof ProviderError) return err;
  const clean = (text: string) => redactSecrets(text, apiKey ? [apiKey] : []).slice(0, MAX_DETAIL_CHARS);
  const name = (err as { name?: unknown } | null)?.name;
  if (signal?.aborted || name === 'AbortError' || name === 'TimeoutError') {
    return abortedProviderError(signal, providerName, { timedOut: name === 'TimeoutError' });
  }
  if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    if (status === undefined) {
      return new ProviderError(`request to ${hostOf(err.url)} failed: ${clean(err.message)}`, providerName, undefined, true, { kind: 'network' });
    }
    if (status < 400) {
      return new ProviderError(`malformed response (HTTP ${status}): ${clean(describeCause(err))}`, providerName, 502, false, { kind: 'invalid_response' });
    }
    const detail = clean(upstreamMessage(err));
    return new ProviderError(`HTTP ${status}: ${detail}`, providerName, status, isTransientStatus(status), {
      retryAfterMs: parseRetryAfterMs(err.responseHeaders),
    });
  }
  if (InvalidResponseDataError.isInstance(err) || JSONParseError.isInstance(err) || TypeValidationError.isInstance(err)) {
    return new ProviderError(`malformed response: ${clean((err as Error).message)}`, providerName, 502, false, { kind: 'invalid_response' });
  }
  if (InvalidArgumentError.isInstance(err) || UnsupportedFunctionalityError.isInstance(err) || InvalidPromptError.isInstance(err)) {
    return new ProviderError(`request not supported: ${clean((err as Error).message)}`, providerName, undefined, false, { kind: 'bad_request' });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (isNetworkFailure(err)) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return new ProviderError(`request failed: ${clean(cause ? `${message} (${cause})` : message)}`, providerName, undefined, true, { kind: 'network' });
  }
  return new ProviderError(`unexpected failure: ${clean(message)}`, providerName, undefined, false, { kind: 'invalid_response' });
}

/**
 * The provider's own error message: read from the body first, because the OpenAI-compatible SDK
 * provider only parses OpenAI's error shape and otherwise reports the bare status text (vLLM's
 * and SGLang's flat errors were lost that way); else the SDK's message, else the body.
 */
function upstreamMessage(err: APICallError): string {
  const fromBody = err.responseBody ? errorMessageOf(err.responseBody) : undefined;
  if (fromBody) return fromBody;
  if (err.message && err.message !== 'Failed to process error response') return err.message;
  return err.responseBody ? err.responseBody : err.message;
}

function describeCause(err: APICallError): string {
  const cause = err.cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}

/** fetch's own failure (a `TypeError: fetch failed` wrapping a socket error), when the SDK did not wrap it. */
function isNetworkFailure(err: unknown): boolean {
  if (isTransientError(err)) return true;
  const e = err as { name?: unknown; message?: unknown } | null;
  return e?.name === 'TypeError' && typeof e.message === 'string' && /fetch failed|failed to fetch/i.test(e.message);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}
