/**
 * fetch for HTTP calls that wait on a CPU-run model (`local::`). Node's global fetch gives up
 * when response headers take longer than 300 s (undici's default `headersTimeout`), whatever
 * the caller's own timeout; a llama.cpp generation queued behind others on a busy 2-core
 * machine can take longer. This fetch goes through an undici Agent whose header and body
 * timeouts are the caller's configured limit, so the caller's AbortSignal decides.
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** The subset of fetch the harness's HTTP clients use. */
export type FetchFunction = (url: string, init?: RequestInit) => Promise<Response>;

export interface InferenceFetch {
  fetch: FetchFunction;
  /** the header and body timeout of every call, ms */
  timeoutMs: number;
  close(): Promise<void>;
}

export function createInferenceFetch(timeoutMs: number): InferenceFetch {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`inference fetch timeout must be a positive number of ms, got ${timeoutMs}`);
  const agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return {
    timeoutMs,
    // undici's own fetch with its own Agent: the two always match, whatever undici Node bundles
    fetch: (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>,
    close: () => agent.close(),
  };
}
