/**
 * A small HTTP client for the service's upstream routes (`/v1/sessions/...`), used by the
 * conformance suite. It sends what TensorZero's gateway proxy sends (bearer key, deployment
 * fields on POST bodies) and records every status it sees.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { configWritesResponseSchema, createEventResponseSchema, listEventsResponseSchema, parseResponse } from '../../../autopilot/protocol';
import { BACKGROUND_STATUSES, NIL_SESSION_ID, isProtocolStatus, type CreateEventResponse, type PollResponse } from './protocol';

export interface HttpReply {
  status: number;
  /** parsed JSON, or the raw text when the body is not JSON, or null when empty */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** `undefined`: the suite's token; `null`: no Authorization header; a string: that token */
  token?: string | null;
}

/** Fields TensorZero's gateway adds to every POST body it forwards. */
export const GATEWAY_FIELDS = { deployment_id: 'conformance-deployment', tensorzero_version: '2026.4.1' } as const;
export const CONFIG_SNAPSHOT_HASH = 'conformance-config-hash';

export function userMessage(text: string) {
  return { type: 'message', role: 'user', content: [{ type: 'text', text }] };
}

export class ProtocolClient {
  /** every `status.status` value seen in a poll */
  readonly statusesSeen = new Set<string>();

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly pollIntervalMs = 25,
  ) {}

  async call(path: string, options: CallOptions = {}): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, body };
  }

  /** Opens a session the way the gateway forwards it: a user message posted to the nil session id. */
  async create(text: string): Promise<HttpReply & { body: CreateEventResponse }> {
    const path = `/v1/sessions/${NIL_SESSION_ID}/events`;
    const reply = await this.call(path, {
      body: { payload: userMessage(text), ...GATEWAY_FIELDS, config_snapshot_hash: CONFIG_SNAPSHOT_HASH },
    });
    // A created session must be one the harness can read, with the harness's own schema.
    if (reply.status === 200) parseResponse(`POST ${path}`, createEventResponseSchema, reply.body);
    return reply;
  }

  async send(sessionId: string, text: string): Promise<HttpReply & { body: CreateEventResponse }> {
    return this.call(`/v1/sessions/${sessionId}/events`, { body: { payload: userMessage(text), ...GATEWAY_FIELDS, config_snapshot_hash: null } });
  }

  async poll(sessionId: string): Promise<PollResponse> {
    const path = `/v1/sessions/${sessionId}/events`;
    const reply = await this.call(path);
    if (reply.status !== 200) throw new Error(`GET events answered HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
    const parsed = parseResponse(`GET ${path}`, listEventsResponseSchema, reply.body);
    const status = parsed.status?.status;
    if (typeof status === 'string') this.statusesSeen.add(status);
    return reply.body as PollResponse;
  }

  async approveAll(sessionId: string, lastToolCallEventId: string): Promise<HttpReply> {
    return this.call(`/v1/sessions/${sessionId}/actions/approve-all`, { body: { ...GATEWAY_FIELDS, last_tool_call_event_id: lastToolCallEventId } });
  }

  /** Sent without a body, as the gateway forwards it. */
  async interrupt(sessionId: string): Promise<HttpReply> {
    return this.call(`/v1/sessions/${sessionId}/actions/interrupt`, { method: 'POST' });
  }

  async configWrites(sessionId: string): Promise<HttpReply> {
    const path = `/v1/sessions/${sessionId}/config-writes`;
    const reply = await this.call(path);
    if (reply.status === 200) parseResponse(`GET ${path}`, configWritesResponseSchema, reply.body);
    return reply;
  }

  /** Polls until `done` holds; fails with the last response after `timeoutMs` (a hang guard, not a timing assertion). */
  async pollUntil(sessionId: string, done: (state: PollResponse) => boolean, what: string, timeoutMs = 30_000): Promise<PollResponse> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.poll(sessionId);
    while (!done(last)) {
      if (Date.now() > deadline) throw new Error(`session ${sessionId} did not ${what} within ${timeoutMs} ms; last status ${last.status?.status}`);
      await sleep(this.pollIntervalMs);
      last = await this.poll(sessionId);
    }
    return last;
  }

  /** Polls through the "working" statuses, as the harness does, and returns the first other state. */
  async settle(sessionId: string, timeoutMs?: number): Promise<PollResponse> {
    return this.pollUntil(sessionId, (s) => !(isProtocolStatus(s.status?.status) && BACKGROUND_STATUSES.has(s.status.status)), 'leave the working statuses', timeoutMs);
  }
}
