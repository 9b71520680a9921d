import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../common/ports';
import { createGatewayClient } from './client';
import { GatewayHttpError } from './errors';

process.env.LOG_LEVEL ??= 'silent';

interface Seen { method: string; url: string; body: string }
type Reply = { status: number; body: string } | 'hang';

let server: http.Server;
let baseUrl: string;
let seen: Seen[];
let reply: (req: Seen) => Reply;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(request);
      const r = reply(request);
      if (r === 'hang') return; // never answers; closed in afterAll
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = [];
  reply = () => ({ status: 200, body: '{}' });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value) });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

describe('createGatewayClient', () => {
  it('posts inference requests as JSON and returns the response', async () => {
    const response = { inference_id: 'i', episode_id: 'e', variant_name: 'initial', content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 1, output_tokens: 1 } };
    reply = () => json(200, response);
    const client = createGatewayClient(`${baseUrl}/`);
    const req = { function_name: 'env::fn', input: { messages: [{ role: 'user' as const, content: 'hello' }] } };
    expect(await client.inference(req)).toEqual(response);
    expect(seen).toEqual([{ method: 'POST', url: '/inference', body: JSON.stringify(req) }]);
  });

  it('sends feedback and reads status, health, config and inferences', async () => {
    reply = (r) => (r.url === '/feedback' ? json(200, { feedback_id: 'f' }) : r.url.startsWith('/internal/inferences') ? json(200, { inferences: [] }) : json(200, { status: 'ok', gateway: 'ok', config: {}, hash: 'h' }));
    const client = createGatewayClient(baseUrl);
    expect(await client.feedback({ metric_name: 'exact_match', value: true, inference_id: 'i' })).toEqual({ feedback_id: 'f' });
    expect(await client.status()).toMatchObject({ status: 'ok' });
    expect(await client.health()).toMatchObject({ gateway: 'ok' });
    expect(await client.getConfig()).toMatchObject({ hash: 'h' });
    expect(await client.listInferences({ functionName: 'env::fn', limit: 5 })).toEqual({ inferences: [] });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /feedback',
      'GET /status',
      'GET /health',
      'GET /internal/config',
      'GET /internal/inferences?function_name=env%3A%3Afn&limit=5',
    ]);
  });

  it('passes the variant, paging and time-window filters of the inference read', async () => {
    reply = () => json(200, { inferences: [] });
    await createGatewayClient(baseUrl).listInferences({
      functionName: 'f',
      variantName: 'v',
      limit: 10,
      offset: 20,
      after: '2026-01-01T00:00:00Z',
      before: '2026-01-02T00:00:00Z',
    });
    expect(seen[0].url).toBe(
      '/internal/inferences?function_name=f&variant_name=v&limit=10&offset=20&after=2026-01-01T00%3A00%3A00Z&before=2026-01-02T00%3A00%3A00Z',
    );
  });

  it('URL-encodes the function name for variant performances and defaults to the cumulative window', async () => {
    reply = () => json(200, { performances: [] });
    await createGatewayClient(baseUrl).variantPerformances('ner_conllpp_v0::extract_entities', 'exact match');
    expect(seen[0].url).toBe('/internal/functions/ner_conllpp_v0%3A%3Aextract_entities/variant_performances?metric_name=exact+match&time_window=cumulative');
  });
});

describe('trainMetrics', () => {
  it('maps rows to {metric: {variants, n}}', async () => {
    reply = () =>
      json(200, {
        performances: [
          { period_start: '1970-01-01T00:00:00Z', variant_name: 'initial', count: 57, avg_metric: 0.614, stdev: 0.491, ci_error: 0.127 },
          { period_start: '1970-01-01T00:00:00Z', variant_name: 'prompt_v2', count: 1, avg_metric: 1.0 },
        ],
      });
    expect(await createGatewayClient(baseUrl).trainMetrics('env::fn', 'exact_match')).toEqual({
      exact_match: {
        variants: {
          initial: { mean: 0.614, std: 0.491, n: 57, ci_error: 0.127 },
          prompt_v2: { mean: 1.0, std: null, n: 1, ci_error: null },
        },
        n: 58,
      },
    });
  });

  it('gives an empty record for no rows and null on any error', async () => {
    reply = () => json(200, { performances: [] });
    const client = createGatewayClient(baseUrl);
    expect(await client.trainMetrics('env::fn', 'm')).toEqual({ m: { variants: {}, n: 0 } });
    reply = () => json(404, { error: 'Unknown function: env::fn' });
    expect(await client.trainMetrics('env::fn', 'm')).toBeNull();
    const closed = createGatewayClient(`http://127.0.0.1:${await freePort()}`);
    expect(await closed.trainMetrics('env::fn', 'm')).toBeNull();
  });
});

describe('error classification', () => {
  it.each([
    [400, false],
    [404, false],
    [422, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('HTTP %i → transient %s, with status and parsed body', async (status, transient) => {
    reply = () => json(status, { error: `failure ${status}` });
    const error = (await failure(createGatewayClient(baseUrl).inference({ function_name: 'f', input: {} }))) as GatewayHttpError;
    expect(error).toBeInstanceOf(GatewayHttpError);
    expect(error).toMatchObject({ status, transient, failure: 'http', body: { error: `failure ${status}` }, method: 'POST', path: '/inference' });
    expect(error.message).toContain(`HTTP ${status}: failure ${status}`);
  });

  it('a refused connection is transient and has no status', async () => {
    const client = createGatewayClient(`http://127.0.0.1:${await freePort()}`);
    const error = (await failure(client.health())) as GatewayHttpError;
    expect(error).toBeInstanceOf(GatewayHttpError);
    expect(error).toMatchObject({ status: null, transient: true, failure: 'connection' });
  });

  it('a timeout is transient', async () => {
    reply = () => 'hang';
    const error = (await failure(createGatewayClient(baseUrl, { timeoutMs: 200 }).status())) as GatewayHttpError;
    expect(error).toBeInstanceOf(GatewayHttpError);
    expect(error).toMatchObject({ status: null, transient: true, failure: 'timeout' });
  });

  it('a 200 answer that is not JSON is not transient', async () => {
    reply = () => ({ status: 200, body: '<html>proxy</html>' });
    const error = (await failure(createGatewayClient(baseUrl).status())) as GatewayHttpError;
    expect(error).toMatchObject({ status: 200, transient: false, failure: 'invalid_response' });
  });

  it("the caller's abort is passed through, not turned into a transient error", async () => {
    reply = () => 'hang';
    const controller = new AbortController();
    const pending = failure(createGatewayClient(baseUrl).inference({ function_name: 'f', input: {} }, { signal: controller.signal }));
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(GatewayHttpError);
    expect((error as Error).name).toBe('AbortError');
  });
});
