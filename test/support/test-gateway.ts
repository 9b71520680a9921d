import pino from 'pino';
import { startFakeOpenAiServer, type FakeHandler, type FakeOpenAiServer } from '../fakes/providers/fake-openai-server';
import { createGatewayServer, type GatewayServer } from '../../builtin-gateway/server';
import type { GatewayStore } from '../../builtin-gateway/store/types';
import { createTempConfigDir, type TempConfigDir } from './temp-config-dir';

export interface HttpResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

export interface TestGateway {
  url: string;
  server: GatewayServer;
  /** the OpenAI-compatible fake behind `sim::` models */
  fake: FakeOpenAiServer;
  dir: TempConfigDir;
  post(path: string, body: unknown): Promise<HttpResult>;
  get(path: string): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** config files; `tensorzero.toml` is loaded */
  files: Record<string, string | object>;
  env?: Record<string, string>;
  store?: GatewayStore;
  fakeHandler?: FakeHandler;
}

export const silentLogger = pino({ level: 'silent' });

export async function requestJson(url: string, init?: RequestInit): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}

/** A gateway on a loopback port with its config in a temp dir and `sim::` models served by a fake. */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const fake = await startFakeOpenAiServer(options.fakeHandler);
  const dir = createTempConfigDir(options.files);
  let server: GatewayServer;
  try {
    server = await createGatewayServer({
      configFile: dir.file('tensorzero.toml'),
      store: options.store,
      env: { AUTOPILOT_BENCH_SIM_URL: fake.apiBase, ...options.env },
      logger: silentLogger,
      scheduleExperimentation: false,
    });
  } catch (err) {
    await fake.close();
    dir.remove();
    throw err;
  }
  return {
    url: server.url,
    server,
    fake,
    dir,
    post: (path, body) =>
      requestJson(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    get: (path) => requestJson(`${server.url}${path}`),
    close: async () => {
      await server.close();
      await fake.close();
      dir.remove();
    },
  };
}
