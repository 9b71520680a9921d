/**
 * A small stand-in for the train gateway's read endpoints (`/internal/config`,
 * `/internal/inferences`, `variant_performances`) and its dry-run `POST /inference`, on loopback. Tests can hold or fail any
 * request through `intercept` to put the autopilot in a chosen state deterministically.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../gateway/wire';
import type { ConfigSnapshot } from '../../autopilot/builtin/strategy/config-types';

export interface FakeTrainGatewayData {
  snapshot: ConfigSnapshot;
  inferences: Record<string, StoredInferenceWithFeedback[]>;
  /** metric name → rows (the same for every function) */
  performances: Record<string, VariantPerformanceRow[]>;
  /** answers `POST /inference` (default: `storedOutputAnswer`) */
  infer?: InferHandler;
}

/** The request body → the response body (`{output}` or `{content}`, `usage`), or a status code to fail with. */
export type InferHandler = (body: Record<string, any>, data: FakeTrainGatewayData) => Record<string, unknown> | number; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Default answer: the stored output of an inference with the same input (every candidate is perfect), free of charge. */
export const storedOutputAnswer: InferHandler = (body, data) => {
  const key = JSON.stringify(body.input);
  const match = Object.values(data.inferences).flat().find((i) => JSON.stringify(i.input) === key);
  const output = match?.output ?? { raw: '{}', parsed: {} };
  const usage = { input_tokens: 10, output_tokens: 5, cost: 0 };
  return Array.isArray(output) ? { content: output, usage } : { output, usage };
};

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

/** Called before each request is answered; return a status code to fail it with. */
export type RequestInterceptor = (path: string, requestNumber: number) => Promise<number | void> | number | void;

export interface FakeTrainGateway {
  url: string;
  /** every request path (with query), in arrival order */
  requests: string[];
  /** bodies of `POST /inference`, in arrival order */
  inferenceBodies: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: FakeTrainGatewayData;
  intercept: RequestInterceptor | null;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeTrainGateway(data: FakeTrainGatewayData): Promise<FakeTrainGateway> {
  const gateway: FakeTrainGateway = { url: '', requests: [], inferenceBodies: [], data, intercept: null, close: async () => undefined };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    gateway.requests.push(`${url.pathname}${url.search}`);
    const number = gateway.requests.length;
    void (async () => {
      const failWith = gateway.intercept ? await gateway.intercept(url.pathname, number) : undefined;
      if (typeof failWith === 'number') return send(res, failWith, { error: 'injected failure' });
      if (url.pathname === '/internal/config') return send(res, 200, gateway.data.snapshot);
      if (url.pathname === '/inference' && req.method === 'POST') {
        const body = await readBody(req);
        gateway.inferenceBodies.push(body);
        const answer = (gateway.data.infer ?? storedOutputAnswer)(body, gateway.data);
        return typeof answer === 'number' ? send(res, answer, { error: 'injected inference failure' }) : send(res, 200, answer);
      }
      if (url.pathname === '/internal/inferences') {
        const fn = url.searchParams.get('function_name') ?? '';
        const limit = Number(url.searchParams.get('limit') ?? '100');
        return send(res, 200, { inferences: (gateway.data.inferences[fn] ?? []).slice(0, limit) });
      }
      const perf = /^\/internal\/functions\/([^/]+)\/variant_performances$/.exec(url.pathname);
      if (perf) {
        const fn = decodeURIComponent(perf[1]);
        const metric = url.searchParams.get('metric_name') ?? '';
        if (!gateway.data.snapshot.config.functions[fn]) return send(res, 404, { error: `unknown function ${fn}` });
        if (url.searchParams.get('time_window') !== 'cumulative') return send(res, 400, { error: 'expected cumulative' });
        return send(res, 200, { performances: gateway.data.performances[metric] ?? [] });
      }
      send(res, 404, { error: 'not found' });
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return gateway;
}

/** A promise with its resolver, for holding a request until the test lets it go. */
export function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}
