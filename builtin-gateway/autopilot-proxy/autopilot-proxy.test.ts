import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';
import { MAX_RESPONSE_BYTES, NIL_SESSION_ID } from '../../autopilot/protocol';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startFakeAutopilot(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = (req.url ?? '').split('?')[0];
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.startsWith('/v1/sessions/missing')) return json(404, { error: { message: 'no such session' } });
      if (url.startsWith('/v1/sessions/huge-error')) {
        // declares an error body far over the cap and never sends it: the proxy must not wait for it
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(MAX_RESPONSE_BYTES + 1) });
        return res.write('{"error": ');
      }
      if (url.endsWith('/events/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: event\ndata: {"n":1}\n\n');
        res.end('event: event\ndata: {"n":2}\n\n');
        return;
      }
      if (url.endsWith('/actions/interrupt')) {
        res.writeHead(200);
        return res.end();
      }
      if (url.endsWith('/actions/approve-all')) return json(200, { approved_count: 1, event_ids: ['e'], tool_call_event_ids: ['t'] });
      if (req.method === 'POST' && /\/events$/.test(url)) return json(200, { event_id: 'ev-1', session_id: 'sess-1' });
      if (url.startsWith('/v1/sessions')) return json(200, { sessions: [{ id: 'sess-1' }] });
      json(418, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONFIG = { 'tensorzero.toml': '[metrics.ok]\ntype = "boolean"\noptimize = "max"\nlevel = "inference"\n' };
const KEY = 'ap-key-0123456789';

describe('built-in gateway: Autopilot proxy', () => {
  let upstream: Awaited<ReturnType<typeof startFakeAutopilot>>;
  let gw: TestGateway;
  beforeEach(async () => {
    upstream = await startFakeAutopilot();
    // a path in the base URL is dropped: upstream paths are absolute
    gw = await startTestGateway({ files: CONFIG, env: { TENSORZERO_AUTOPILOT_API_KEY: KEY, TENSORZERO_AUTOPILOT_BASE_URL: `${upstream.url}/ignored/prefix` } });
  });
  afterEach(async () => {
    await gw.close();
    await upstream.close();
  });

  it('reports that Autopilot is enabled', async () => {
    expect((await gw.get('/internal/autopilot/status')).body).toEqual({ enabled: true });
  });

  it('creates a session with the bearer key, deployment id, version and the live config hash', async () => {
    const response = await fetch(`${gw.url}/internal/autopilot/v1/sessions/${NIL_SESSION_ID}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'tensorzero-trace': 'abc' },
      body: JSON.stringify({ payload: { type: 'message', role: 'user', content: [{ type: 'text', text: 'Improve accuracy.' }] } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ event_id: 'ev-1', session_id: 'sess-1' });
    const [request] = upstream.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/v1/sessions/${NIL_SESSION_ID}/events`);
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['tensorzero-trace']).toBe('abc');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      payload: { type: 'message', role: 'user', content: [{ type: 'text', text: 'Improve accuracy.' }] },
      deployment_id: await gw.server.context.store.getDeploymentId(),
      tensorzero_version: 'builtin-0.1.0',
      config_snapshot_hash: (await gw.get('/status')).body.config_hash,
    });
    expect(body.deployment_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends a null config_snapshot_hash for an existing session', async () => {
    await gw.post('/internal/autopilot/v1/sessions/0196f0a2-0000-7000-8000-000000000001/events', { payload: { type: 'message' } });
    expect(JSON.parse(upstream.requests[0].body).config_snapshot_hash).toBeNull();
  });

  it('renames approve_all to approve-all and injects the deployment fields', async () => {
    const result = await gw.post('/internal/autopilot/v1/sessions/s1/actions/approve_all', { last_tool_call_event_id: 't9' });
    expect(result).toEqual({ status: 200, body: { approved_count: 1, event_ids: ['e'], tool_call_event_ids: ['t'] } });
    expect(upstream.requests[0].url).toBe('/v1/sessions/s1/actions/approve-all');
    expect(JSON.parse(upstream.requests[0].body)).toMatchObject({ last_tool_call_event_id: 't9', tensorzero_version: 'builtin-0.1.0', deployment_id: expect.any(String) });
  });

  it('forwards an interrupt without a body and query strings unchanged', async () => {
    const interrupt = await fetch(`${gw.url}/internal/autopilot/v1/sessions/s1/actions/interrupt`, { method: 'POST' });
    expect(interrupt.status).toBe(200);
    expect(upstream.requests[0].body).toBe('');
    const list = await gw.get('/internal/autopilot/v1/sessions?limit=5&offset=10');
    expect(list.body).toEqual({ sessions: [{ id: 'sess-1' }] });
    expect(upstream.requests[1].url).toBe('/v1/sessions?limit=5&offset=10');
  });

  it('propagates upstream error statuses with the upstream message', async () => {
    const result = await gw.get('/internal/autopilot/v1/sessions/missing/events');
    expect(result).toEqual({ status: 404, body: { error: 'no such session' } });
  });

  it('passes on an upstream error status without reading an error body over the size cap', async () => {
    const result = await gw.get('/internal/autopilot/v1/sessions/huge-error/events');
    expect(result.status).toBe(500);
    expect(result.body.error).toBe(
      `autopilot protocol fault in the response to GET /v1/sessions/huge-error/events: the body declares ${MAX_RESPONSE_BYTES + 1} bytes (Content-Length), over the cap of ${MAX_RESPONSE_BYTES} bytes`,
    );
  });

  it.each([
    ['not JSON', '{"payload":', /not valid JSON/],
    ['a JSON list', '[1, 2]', /must be a JSON object/],
  ])('refuses a POST body that is %s with 400 and forwards nothing', async (_what, body, message) => {
    const response = await fetch(`${gw.url}/internal/autopilot/v1/sessions/s1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect(upstream.requests).toEqual([]);
  });

  it('pipes the event stream through', async () => {
    const response = await fetch(`${gw.url}/internal/autopilot/v1/sessions/s1/events/stream?last_event_id=x`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe('event: event\ndata: {"n":1}\n\nevent: event\ndata: {"n":2}\n\n');
    expect(upstream.requests[0].url).toBe('/v1/sessions/s1/events/stream?last_event_id=x');
  });
});

describe('built-in gateway: Autopilot proxy without a key', () => {
  it('reports disabled and answers 501 on every proxy route', async () => {
    const gw = await startTestGateway({ files: CONFIG });
    try {
      expect((await gw.get('/internal/autopilot/status')).body).toEqual({ enabled: false });
      const list = await gw.get('/internal/autopilot/v1/sessions');
      expect(list.status).toBe(501);
      expect(list.body.error).toContain('TENSORZERO_AUTOPILOT_API_KEY');
      expect((await gw.post(`/internal/autopilot/v1/sessions/${NIL_SESSION_ID}/events`, { payload: {} })).status).toBe(501);
    } finally {
      await gw.close();
    }
  });
});
