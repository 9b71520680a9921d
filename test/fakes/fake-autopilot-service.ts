import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  NIL_SESSION_ID,
  PROXY_PREFIX,
  SERVICE_PREFIX,
  sessionActionPath,
  sessionConfigWritesPath,
  sessionEventsPath,
  type ApproveAllResponse,
  type CreateEventResponse,
} from '../../autopilot/protocol';

/**
 * A scripted stand-in for gateway + autopilot service in tests: it serves the proxy paths
 * (`/internal/autopilot/v1/...`) on loopback and speaks the session protocol's wire format.
 */

/**
 * One reply to `GET events`: a status (any string, so tests can send ones the protocol does not
 * name) with optional events, an HTTP failure, a raw JSON body, or raw text sent as it is.
 */
export type ScriptedPoll =
  | { status: string; events?: unknown[]; pending_tool_calls?: unknown[] }
  | { httpStatus: number }
  | { raw: unknown }
  | { rawText: string };

export interface RecordedRequest {
  method: string;
  /** path below `/internal/autopilot/v1` */
  path: string;
  body: unknown;
}

export interface FakeServiceState {
  /** user messages posted to the session after creation (nudges, answers) */
  userMessages: string[];
}

export interface FakeAutopilotServiceOptions {
  sessionId?: string;
  /** replies to successive polls; the last one repeats forever */
  polls: ScriptedPoll[];
  /** the config-writes response (default `{config_writes: []}`), or a function of the state so far */
  configWrites?: object | ((state: FakeServiceState) => unknown);
  /** HTTP status for session creation (default 200) */
  createHttpStatus?: number;
  /** HTTP status for config-writes (default 200) */
  configWritesHttpStatus?: number;
  /** the session id the create call answers with (default `sessionId`) */
  createdSessionId?: string;
}

export interface FakeAutopilotService {
  /** what the harness uses as `gatewayUrl` */
  url: string;
  requests: RecordedRequest[];
  state: FakeServiceState;
  /** requests whose method and path (below the base) match */
  requestsTo(method: string, pathSuffix: string): RecordedRequest[];
  close(): Promise<void>;
}

const BASE = `${PROXY_PREFIX}${SERVICE_PREFIX}`;

export async function startFakeAutopilotService(options: FakeAutopilotServiceOptions): Promise<FakeAutopilotService> {
  const sessionId = options.sessionId ?? '0196f0a2-0000-7000-8000-00000000abcd';
  const requests: RecordedRequest[] = [];
  const state: FakeServiceState = { userMessages: [] };
  let polls = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : undefined;
      const path = (req.url ?? '').startsWith(BASE) ? (req.url ?? '').slice(BASE.length) : (req.url ?? '');
      requests.push({ method: req.method ?? '', path, body });
      const send = (status: number, payload?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };

      if (req.method === 'POST' && path === sessionEventsPath(NIL_SESSION_ID)) {
        const status = options.createHttpStatus ?? 200;
        const created: CreateEventResponse = { event_id: 'e-create', session_id: options.createdSessionId ?? sessionId };
        return status >= 400 ? send(status, { error: 'cannot create session' }) : send(status, created);
      }
      if (path.startsWith(`/sessions/${sessionId}/`)) {
        const route = `${req.method} ${path}`;
        if (route === `GET ${sessionEventsPath(sessionId)}`) {
          const reply = options.polls[Math.min(polls, options.polls.length - 1)];
          polls++;
          if ('httpStatus' in reply) return send(reply.httpStatus, { error: 'scripted failure' });
          if ('raw' in reply) return send(200, reply.raw);
          if ('rawText' in reply) {
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(reply.rawText);
          }
          return send(200, {
            events: reply.events ?? [],
            previous_user_message_event_id: 'e-create',
            status: { status: reply.status },
            pending_tool_calls: reply.pending_tool_calls ?? [],
            pending_user_questions: [],
          });
        }
        if (route === `POST ${sessionEventsPath(sessionId)}`) {
          const content = (body as { payload?: { content?: { text?: string }[] } })?.payload?.content ?? [];
          state.userMessages.push(content.map((block) => block.text ?? '').join(''));
          return send(200, { event_id: `e-${requests.length}`, session_id: sessionId });
        }
        if (route === `POST ${sessionActionPath(sessionId, 'approve_all')}`) {
          const approved: ApproveAllResponse = { approved_count: 1, event_ids: [], tool_call_event_ids: [] };
          return send(200, approved);
        }
        if (route === `POST ${sessionActionPath(sessionId, 'interrupt')}`) return send(200);
        if (route === `GET ${sessionConfigWritesPath(sessionId)}`) {
          const status = options.configWritesHttpStatus ?? 200;
          if (status >= 400) return send(status, { error: 'scripted failure' });
          const writes = typeof options.configWrites === 'function' ? (options.configWrites as (s: FakeServiceState) => unknown)(state) : options.configWrites;
          return send(200, writes ?? { config_writes: [] });
        }
      }
      send(404, { error: `no route for ${req.method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    state,
    requestsTo: (method, pathSuffix) => requests.filter((r) => r.method === method && r.path.endsWith(pathSuffix)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A config-write event as the service returns it: a `write_config` tool call carrying edits. */
export function writeConfigEvent(edits: unknown[], id = 'w-1'): Record<string, unknown> {
  return { id, session_id: 's', created_at: '2026-01-01T00:00:00Z', payload: { type: 'tool_call', name: 'write_config', arguments: { edit: edits } } };
}

/** A write set that counts as complete: one new variant and an experimentation config. */
export const COMPLETE_EDITS = [
  { operation: 'upsert_variant', function_name: 'f', variant_name: 'v2', variant: { type: 'chat_completion', model: 'sim::large' } },
  { operation: 'upsert_experimentation', function_name: 'f', experimentation: { type: 'track_and_stop', metric: 'success' } },
];
