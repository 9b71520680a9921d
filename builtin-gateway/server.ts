import * as http from 'node:http';
import { listen } from '../common/http-server';
import { getLogger, type Logger } from '../common/logger';
import { readAutopilotSettings } from './autopilot-proxy/autopilot-settings';
import { defaultGatewayConfig, loadGatewayConfig } from './config/load-config';
import type { GatewayConfig } from './config/types';
import { readGatewaySeed } from './experimentation/gateway-seed';
import { createSamplerRegistry } from './experimentation/sampler-registry';
import type { GatewayContext } from './gateway-context';
import { HttpError } from './http/http-error';
import { sendError } from './http/json-io';
import { gatewayVersion } from './internal-api/status';
import { checkProviderCredentials } from './models/check-credentials';
import { createModelResolver } from './models/resolve-model';
import { createRoutes } from './routes';
import { createMemoryStore } from './store/memory-store';
import type { GatewayStore } from './store/types';

export interface GatewayServerOptions {
  /** TOML path or glob; with neither this nor `config`, the default config (only `model_name` calls) */
  configFile?: string;
  /** an already loaded config (instead of `configFile`) */
  config?: GatewayConfig;
  /** observability store; default a fresh in-memory store. A store passed in is not closed by `close()`. */
  store?: GatewayStore;
  /** provider keys, `AUTOPILOT_BENCH_SIM_URL`, Autopilot settings; default `process.env` */
  env?: NodeJS.ProcessEnv;
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (a free port) */
  port?: number;
  logger?: Logger;
  /** false stops track-and-stop from recomputing on a timer (tests refresh explicitly) */
  scheduleExperimentation?: boolean;
}

export interface GatewayServer {
  /** `http://<host>:<port>` */
  url: string;
  host: string;
  port: number;
  context: GatewayContext;
  /** stops accepting requests, lets in-flight ones finish, stops timers, closes an owned store */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;

/**
 * Starts the built-in TensorZero-compatible gateway in this process. Start-up mirrors
 * TensorZero: load and validate the config, check provider credentials, compute adaptive
 * experiment state from the store, and only then listen.
 */
export async function createGatewayServer(options: GatewayServerOptions = {}): Promise<GatewayServer> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? getLogger('builtin-gateway');
  const config = options.config ?? (options.configFile ? await loadGatewayConfig(options.configFile) : defaultGatewayConfig());
  checkProviderCredentials(config, env);
  const autopilot = readAutopilotSettings(env);
  const ownsStore = !options.store;
  const store = options.store ?? createMemoryStore();
  const samplers = createSamplerRegistry({ config, store, logger, schedule: options.scheduleExperimentation, seed: readGatewaySeed(env) });
  const ctx: GatewayContext = { config, store, samplers, models: createModelResolver({ config, env }), env, logger, version: gatewayVersion() };

  try {
    await samplers.refreshAll();
  } catch (err) {
    samplers.close();
    if (ownsStore) await store.close();
    throw err;
  }

  const router = createRoutes(ctx, autopilot);
  const basePath = config.gateway.basePath ?? '';
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const method = req.method ?? 'GET';
    try {
      if (basePath && !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
        throw new HttpError(404, `route not found: ${method} ${url.pathname}`);
      }
      const path = url.pathname.slice(basePath.length) || '/';
      const match = router.match(method, path);
      if (match === undefined) throw new HttpError(404, `route not found: ${method} ${url.pathname}`);
      if (match === 'method') throw new HttpError(405, `method ${method} not allowed on ${url.pathname}`);
      await match.handler({ req, res, params: match.params, query: url.searchParams, path });
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof HttpError)) logger.error({ err, method, path: url.pathname }, 'request failed');
      else if (status >= 500) logger.warn({ status, method, path: url.pathname, error: message }, 'request failed');
      else logger.debug({ status, method, path: url.pathname, error: message }, 'request rejected');
      if (!res.headersSent) sendError(res, status, message);
      else res.destroy();
    }
  }

  const host = options.host ?? '127.0.0.1';
  const { port } = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Idle keep-alive sockets close now; streams still open after the grace period are cut.
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearTimeout(force);
      samplers.close();
      if (ownsStore) await store.close();
    })());

  return { url: `http://${urlHost}:${port}`, host, port, context: ctx, close, [Symbol.asyncDispose]: close };
}
