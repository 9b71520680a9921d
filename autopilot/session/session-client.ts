import { z } from 'zod';
import type { Logger } from '../../common/logger';
import { NIL_UUID } from '../../common/uuid7';
import { AutopilotProtocolError, AutopilotRequestError } from './errors';
import type { SessionEvent, SessionSnapshot } from './types';

/** Creating a session means posting the first event to the nil session id. */
export const NIL_SESSION_ID = NIL_UUID;

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
  /** The raw config-writes response: `{config_writes: [...]}` or a bare list. */
  getConfigWrites(sessionId: string): Promise<unknown>;
}

const CreateResponseSchema = z.looseObject({ session_id: z.string().min(1) });

const PollResponseSchema = z.looseObject({
  status: z.looseObject({ status: z.string().nullish() }).nullish(),
  events: z.array(z.unknown()).nullish(),
  pending_tool_calls: z.array(z.unknown()).nullish(),
});

interface RequestOptions {
  body?: unknown;
  timeoutMs: number;
  /** false for calls that must go out even after the caller aborted */
  followCallerSignal: boolean;
  /** create and approve log the body of any non-200 response (original behaviour) */
  logNon200: boolean;
}

export function createAutopilotSessionClient(options: AutopilotSessionClientOptions): AutopilotSessionClient {
  const baseUrl = `${options.gatewayUrl.replace(/\/+$/, '')}/internal/autopilot/v1`;
  const log = options.logger;

  async function request(method: 'GET' | 'POST', path: string, req: RequestOptions): Promise<unknown> {
    const signals = [AbortSignal.timeout(req.timeoutMs)];
    if (req.followCallerSignal && options.signal) signals.push(options.signal);
    let response: Response;
    let text: string;
    try {
      response = await fetch(baseUrl + path, {
        method,
        headers: req.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.any(signals),
      });
      text = await response.text();
    } catch (err) {
      throw new AutopilotRequestError(method, path, null, null, { cause: err });
    }
    const snippet = text.slice(0, BODY_SNIPPET_CHARS);
    if (req.logNon200 && response.status !== 200) {
      log.error({ method, path, status: response.status, body: snippet }, 'autopilot proxy answered with a non-200 status');
    }
    if (!response.ok) throw new AutopilotRequestError(method, path, response.status, snippet);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AutopilotProtocolError(path, `body is not JSON: ${snippet}`);
    }
  }

  const defaults = { timeoutMs: options.requestTimeoutMs, followCallerSignal: true, logNon200: false };
  const eventsPath = (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}/events`;
  const actionPath = (sessionId: string, action: string) => `/sessions/${encodeURIComponent(sessionId)}/actions/${action}`;

  return {
    async createSession(text) {
      const path = eventsPath(NIL_SESSION_ID);
      const body = await request('POST', path, { ...defaults, logNon200: true, body: userMessageEvent(text) });
      const parsed = CreateResponseSchema.safeParse(body);
      if (!parsed.success) throw new AutopilotProtocolError(path, 'no session_id in the response');
      return parsed.data.session_id;
    },

    async pollEvents(sessionId) {
      const path = eventsPath(sessionId);
      const body = await request('GET', path, { ...defaults, timeoutMs: options.pollRequestTimeoutMs });
      const parsed = PollResponseSchema.safeParse(body);
      if (!parsed.success) throw new AutopilotProtocolError(path, 'not an events listing');
      return {
        status: parsed.data.status?.status ?? '',
        events: toEvents(parsed.data.events),
        pendingToolCalls: toEvents(parsed.data.pending_tool_calls),
      };
    },

    async sendUserMessage(sessionId, text) {
      await request('POST', eventsPath(sessionId), { ...defaults, body: userMessageEvent(text) });
    },

    async approveAll(sessionId, lastToolCallEventId) {
      await request('POST', actionPath(sessionId, 'approve_all'), {
        ...defaults,
        logNon200: true,
        body: { last_tool_call_event_id: lastToolCallEventId },
      });
    },

    async interrupt(sessionId, interruptOptions = {}) {
      await request('POST', actionPath(sessionId, 'interrupt'), {
        ...defaults,
        timeoutMs: interruptOptions.timeoutMs ?? options.requestTimeoutMs,
        followCallerSignal: false,
      });
    },

    async getConfigWrites(sessionId) {
      return request('GET', `/sessions/${encodeURIComponent(sessionId)}/config-writes`, defaults);
    },
  };
}

/** The event body for a user message; message content only supports text blocks. */
function userMessageEvent(text: string) {
  return { payload: { type: 'message', role: 'user', content: [{ type: 'text', text }] } };
}

/** Keeps the events that are objects; one malformed entry must not fail a whole poll. */
function toEvents(items: unknown[] | null | undefined): SessionEvent[] {
  if (!items) return [];
  return items.filter((item): item is SessionEvent => typeof item === 'object' && item !== null && !Array.isArray(item));
}
