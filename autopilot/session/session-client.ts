import type { Logger } from '../../common/logger';
import {
  AutopilotProtocolError,
  MAX_RESPONSE_BYTES,
  NIL_SESSION_ID,
  PROXY_PREFIX,
  SERVICE_PREFIX,
  configWritesListSchema,
  configWritesResponseSchema,
  createEventResponseSchema,
  listEventsResponseSchema,
  parseJsonBody,
  parseResponse,
  quoteValue,
  readCappedText,
  sessionActionPath,
  sessionConfigWritesPath,
  sessionEventsPath,
} from '../protocol';
import { AutopilotRequestError } from './errors';
import { isKnownStatus } from './session-status';
import type { SessionEvent, SessionSnapshot } from './types';

/** Creating a session means posting the first event to the nil session id. */
export { NIL_SESSION_ID };

/** Response bodies quoted in errors and logs are cut to this length. */
const BODY_SNIPPET_CHARS = 500;

export interface AutopilotSessionClientOptions {
  /** the primary gateway; the proxy lives at `<gatewayUrl>/internal/autopilot/v1` */
  gatewayUrl: string;
  /** timeout of every request except polls (the original uses the session timeout) */
  requestTimeoutMs: number;
  pollRequestTimeoutMs: number;
  /** aborts in-flight requests (except `interrupt`, which must still go out after an abort) */
  signal?: AbortSignal;
  /** a longer response body is a protocol fault (default `MAX_RESPONSE_BYTES`) */
  maxResponseBytes?: number;
  logger: Logger;
}

/** The six proxy calls the harness makes (reference/original-harness.md §4.1). No auth headers: the gateway authenticates upstream. */
export interface AutopilotSessionClient {
  /** Creates a session whose first event is a user message; returns the new session id. */
  createSession(text: string): Promise<string>;
  pollEvents(sessionId: string): Promise<SessionSnapshot>;
  sendUserMessage(sessionId: string, text: string): Promise<void>;
  approveAll(sessionId: string, lastToolCallEventId: string): Promise<void>;
  /** `timeoutMs` overrides the request timeout (a best-effort interrupt after an abort should be short). */
  interrupt(sessionId: string, options?: { timeoutMs?: number }): Promise<void>;
  /** The raw config-writes response, `{config_writes: [...]}` or a bare list, with every edit name checked. */
  getConfigWrites(sessionId: string): Promise<unknown>;
}

interface RequestOptions {
  body?: unknown;
  timeoutMs: number;
  /** false for calls that must go out even after the caller aborted */
  followCallerSignal: boolean;
  /** create and approve log the body of any non-200 response (original behaviour) */
  logNon200: boolean;
}

export function createAutopilotSessionClient(options: AutopilotSessionClientOptions): AutopilotSessionClient {
  const baseUrl = `${options.gatewayUrl.replace(/\/+$/, '')}${PROXY_PREFIX}${SERVICE_PREFIX}`;
  const log = options.logger;
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;

  async function request(method: 'GET' | 'POST', path: string, req: RequestOptions): Promise<unknown> {
    const signals = [AbortSignal.timeout(req.timeoutMs)];
    if (req.followCallerSignal && options.signal) signals.push(options.signal);
    const route = `${method} ${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(baseUrl + path, {
        method,
        headers: req.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.any(signals),
      });
      text = await readCappedText(response, maxResponseBytes, route);
    } catch (err) {
      if (err instanceof AutopilotProtocolError) throw err;
      throw new AutopilotRequestError(method, path, null, null, { cause: err });
    }
    const snippet = text.slice(0, BODY_SNIPPET_CHARS);
    if (req.logNon200 && response.status !== 200) {
      log.error({ method, path, status: response.status, body: snippet }, 'autopilot proxy answered with a non-200 status');
    }
    if (!response.ok) throw new AutopilotRequestError(method, path, response.status, snippet);
    return parseJsonBody(route, text);
  }

  const defaults = { timeoutMs: options.requestTimeoutMs, followCallerSignal: true, logNon200: false };

  return {
    async createSession(text) {
      const path = sessionEventsPath(NIL_SESSION_ID);
      const body = await request('POST', path, { ...defaults, logNon200: true, body: userMessageEvent(text) });
      return parseResponse(`POST ${path}`, createEventResponseSchema, body).session_id;
    },

    async pollEvents(sessionId) {
      const path = sessionEventsPath(sessionId);
      const body = await request('GET', path, { ...defaults, timeoutMs: options.pollRequestTimeoutMs });
      const reply = parseResponse(`GET ${path}`, listEventsResponseSchema, body);
      const status = reply.status?.status ?? '';
      return {
        status,
        events: toEvents(reply.events),
        pendingToolCalls: toEvents(reply.pending_tool_calls),
        statusFault: isKnownStatus(status) ? null : unknownStatusFault(`GET ${path}`, reply.status?.status),
      };
    },

    async sendUserMessage(sessionId, text) {
      await request('POST', sessionEventsPath(sessionId), { ...defaults, body: userMessageEvent(text) });
    },

    async approveAll(sessionId, lastToolCallEventId) {
      await request('POST', sessionActionPath(sessionId, 'approve_all'), {
        ...defaults,
        logNon200: true,
        body: { last_tool_call_event_id: lastToolCallEventId },
      });
    },

    async interrupt(sessionId, interruptOptions = {}) {
      await request('POST', sessionActionPath(sessionId, 'interrupt'), {
        ...defaults,
        timeoutMs: interruptOptions.timeoutMs ?? options.requestTimeoutMs,
        followCallerSignal: false,
      });
    },

    async getConfigWrites(sessionId) {
      const path = sessionConfigWritesPath(sessionId);
      const body = await request('GET', path, defaults);
      return parseResponse(`GET ${path}`, Array.isArray(body) ? configWritesListSchema : configWritesResponseSchema, body);
    },
  };
}

/** The event body for a user message; message content only supports text blocks. */
function userMessageEvent(text: string) {
  return { payload: { type: 'message', role: 'user', content: [{ type: 'text', text }] } };
}

/**
 * A status the protocol does not name. It is not thrown: like the original harness we end the
 * session with that status (its writes still count), so a status added by a newer service
 * costs one session's remaining turns, not the run. The fault is recorded in the result.
 */
function unknownStatusFault(route: string, status: string | null | undefined): AutopilotProtocolError {
  return new AutopilotProtocolError({
    kind: 'unknown_status',
    route,
    jsonPath: 'status.status',
    value: quoteValue(status ?? undefined),
    problem: status ? 'is not a session status the protocol names' : 'is missing',
  });
}

/** Keeps the events that are objects; one malformed entry must not fail a whole poll. */
function toEvents(items: unknown[] | null | undefined): SessionEvent[] {
  if (!items) return [];
  return items.filter((item): item is SessionEvent => typeof item === 'object' && item !== null && !Array.isArray(item));
}
