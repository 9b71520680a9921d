/**
 * The built-in autopilot service: the session protocol the gateway's Autopilot proxy forwards to
 * (`/v1/sessions/...`, reference/tensorzero.md §1.6), with sessions kept in memory and driven by
 * this folder's strategy against the train gateway at `gatewayUrl`.
 */
import * as http from 'node:http';
import type { z } from 'zod';
import { listen } from '../../common/http-server';
import { getLogger, type Logger } from '../../common/logger';
import { registerSecret } from '../../common/secrets';
import type { FetchFunction } from '../../common/inference-fetch';
import { createBearerCheck } from './bearer-auth';
import { AutopilotServiceError, InvalidRequestError, SessionNotFoundError, UnauthorizedError } from './errors';
import { readJsonBody, sendError, sendJson } from './http-io';
import { approveAllBodySchema, createEventBodySchema, listQuerySchema } from '../protocol';
import { SessionRunner, type SessionRunnerOptions } from './session-runner';
import type { BudgetLedger } from '../budget/budget-meter';
import { meteredDataSource } from '../budget/metered-data-source';
import { SessionState } from './session-state';
import { NIL_SESSION_ID } from '../protocol/routes';
import { createMemoryStore, type MemoryStore } from './strategy/memory-store';
import { resolveStrategyOptions, type StrategyOptions } from './strategy/strategy-options';
import { createHttpTrainDataSource, type TrainDataSource } from './strategy/train-data-source';

export interface BuiltinAutopilotServerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (any free port) */
  port?: number;
  /** clients must send `Authorization: Bearer <apiToken>` */
  apiToken: string;
  /** the train gateway whose data the sessions analyse */
  gatewayUrl: string;
  strategy?: StrategyOptions;
  /** pause between visible session steps (default 250) */
  stepDelayMs?: number;
  /** wait before re-reading the gateway after a transient failure (default 2000) */
  retryDelayMs?: number;
  /** gateway reads attempted before a session fails (default 5) */
  maxReadAttempts?: number;
  /** replaces the HTTP reader of `gatewayUrl` */
  dataSource?: TrainDataSource;
  /** per gateway request, dry runs and prompt rewrites included (default 30 s; CPU-run local models need minutes) */
  gatewayTimeoutMs?: number;
  /** for those requests; default global fetch (`local::` runs: common/inference-fetch.ts) */
  gatewayFetch?: FetchFunction;
  /**
   * JSON file for what sessions remember across a run (rejected candidates, the operator's answer);
   * the worker passes `<run work dir>/autopilot/builtin-memory.json`. Default: this process only.
   */
  memoryFile?: string;
  /** replaces the memory built from `memoryFile` (tests) */
  memory?: MemoryStore;
  logger?: Logger;
  /** meters each session's model calls against the run's `autopilot_budget` (one meter per session) */
  budget?: BudgetLedger;
  /**
   * what drives a session; default the built-in strategy (`SessionRunner`). The third-party
   * optimisers (autopilot/optimizers/) serve the same protocol with a runner of their own.
   */
  createRunner?: (state: SessionState, options: SessionRunnerOptions) => SessionDriver;
}

/** The part of a session runner the protocol routes use. */
export type SessionDriver = Pick<SessionRunner, 'state' | 'start' | 'receive' | 'approveAll' | 'interrupt' | 'settled'>;

export interface BuiltinAutopilotServer {
  url: string;
  /** resolves once no session has work queued or running */
  drain(): Promise<void>;
  close(): Promise<void>;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidRequestError(`invalid request body: ${parsed.error.message}`);
  return parsed.data;
}

function parseQuery(url: URL) {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new InvalidRequestError(`invalid query: ${parsed.error.message}`);
  return parsed.data;
}

export async function createBuiltinAutopilotServer(options: BuiltinAutopilotServerOptions): Promise<BuiltinAutopilotServer> {
  if (!options.apiToken) throw new InvalidRequestError('apiToken must not be empty');
  const logger = options.logger ?? getLogger('builtin-autopilot');
  const strategy = resolveStrategyOptions(options.strategy);
  const dataSource = options.dataSource ?? createHttpTrainDataSource(options.gatewayUrl, { timeoutMs: options.gatewayTimeoutMs, fetch: options.gatewayFetch });
  const isAuthorized = createBearerCheck(options.apiToken);
  const lifetime = new AbortController();
  const sessions = new Map<string, SessionDriver>();
  const createRunner = options.createRunner ?? ((state, runnerOptions) => new SessionRunner(state, runnerOptions));

  const runnerOptions = {
    dataSource,
    strategy,
    memory: options.memory ?? createMemoryStore(options.memoryFile ?? null),
    stepDelayMs: options.stepDelayMs ?? 250,
    retryDelayMs: options.retryDelayMs ?? 2000,
    maxReadAttempts: options.maxReadAttempts ?? 5,
    signal: lifetime.signal,
    logger,
  };

  function session(id: string): SessionDriver {
    const runner = sessions.get(id);
    if (!runner) throw new SessionNotFoundError(id);
    return runner;
  }

  async function postEvent(sessionId: string, body: unknown): Promise<{ event_id: string; session_id: string }> {
    const request = parseBody(createEventBodySchema, body);
    if (sessionId === NIL_SESSION_ID) {
      const payload = request.payload;
      if (payload.type !== 'message') throw new InvalidRequestError('a new session starts with a user message');
      const state = new SessionState({
        deploymentId: request.deployment_id ?? null,
        tensorzeroVersion: request.tensorzero_version ?? null,
        configSnapshotHash: request.config_snapshot_hash ?? null,
      });
      const metered = options.budget ? { ...runnerOptions, dataSource: meteredDataSource(dataSource, options.budget.open(state.id)) } : runnerOptions;
      const runner = createRunner(state, metered);
      sessions.set(state.id, runner);
      const text = typeof payload.content === 'string' ? payload.content : payload.content.map((c) => c.text).join('\n');
      const event = runner.start(text);
      logger.info({ sessionId: state.id }, 'session created');
      return { event_id: event.id, session_id: state.id };
    }
    const event = session(sessionId).receive(request.payload);
    return { event_id: event.id, session_id: sessionId };
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    if (method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (parts[0] !== 'v1') return sendError(res, 404, `no route for ${method} ${url.pathname}`);
    if (!isAuthorized(req)) throw new UnauthorizedError();

    if (parts.length === 2 && parts[1] === 'sessions' && method === 'GET') {
      const { limit = 20, offset = 0 } = parseQuery(url);
      const all = [...sessions.values()].map((r) => r.state.summary()).reverse();
      return sendJson(res, 200, { sessions: all.slice(offset, offset + limit) });
    }
    if (parts[1] !== 'sessions' || parts.length < 4) return sendError(res, 404, `no route for ${method} ${url.pathname}`);

    const sessionId = parts[2];
    const rest = parts.slice(3).join('/');
    const key = `${method} ${parts.length === 5 && parts[3] === 'events' && parts[4] !== 'stream' ? 'events/:id' : rest}`;
    switch (key) {
      case 'POST events':
        // Check the session before reading the body, so an unknown session is a 404 whatever was sent.
        if (sessionId !== NIL_SESSION_ID) session(sessionId);
        return sendJson(res, 200, await postEvent(sessionId, await readJsonBody(req)));
      case 'GET events': {
        const { limit, before } = parseQuery(url);
        return sendJson(res, 200, session(sessionId).state.listEvents({ limit, before }));
      }
      case 'GET events/:id':
        return sendJson(res, 200, session(sessionId).state.event(parts[4]));
      case 'GET events/stream':
        return sendError(res, 501, 'event streaming is not supported by the built-in autopilot; poll GET /events');
      case 'POST actions/approve-all':
      case 'POST actions/approve_all': {
        const runner = session(sessionId);
        const body = parseBody(approveAllBodySchema, await readJsonBody(req));
        return sendJson(res, 200, runner.approveAll(body.last_tool_call_event_id));
      }
      case 'POST actions/interrupt':
        session(sessionId).interrupt();
        res.writeHead(200).end();
        return;
      case 'GET status_detail':
        return sendJson(res, 200, { is_terminal: session(sessionId).state.status === 'failed' });
      case 'GET config-writes': {
        const { limit, offset = 0 } = parseQuery(url);
        const writes = session(sessionId).state.configWrites();
        return sendJson(res, 200, { config_writes: writes.slice(offset, limit === undefined ? undefined : offset + limit) });
      }
      default:
        return sendError(res, 404, `no route for ${method} ${url.pathname}`);
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof AutopilotServiceError) return sendError(res, err.statusCode, err.message);
      logger.error({ err: String(err), method: req.method, path: req.url }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
    });
  });

  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  // The caller generates the token in this process; no environment variable here holds it, so
  // log redaction would not know it otherwise.
  const forgetToken = registerSecret(options.apiToken);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, gatewayUrl: options.gatewayUrl }, 'built-in autopilot listening');

  const drain = async () => {
    await Promise.all([...sessions.values()].map((r) => r.settled()));
  };

  return {
    url,
    drain,
    async close() {
      lifetime.abort();
      await drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      forgetToken();
    },
  };
}
