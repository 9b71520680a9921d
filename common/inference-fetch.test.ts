import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInferenceFetch } from './inference-fetch';

// A real loopback server that holds back its response headers until the test releases them.
let server: http.Server;
let url: string;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the configured header timeout applies, not a fixed default', async () => {
  const inference = createInferenceFetch(200);
  try {
    const error = await inference.fetch(url).catch((err: Error) => err);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  } finally {
    await inference.close();
  }
});

test('a response slower than the short limit arrives within a longer one', async () => {
  const inference = createInferenceFetch(60_000);
  try {
    const index = held.length;
    const response = inference.fetch(url, { method: 'POST', body: '{}' });
    // answer only once the call has waited past the 200 ms limit of the test above
    while (held.length <= index) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 400));
    held[index].end('{"ok":true}');
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ ok: true });
  } finally {
    await inference.close();
  }
});

test('a non-positive limit is refused', () => {
  expect(() => createInferenceFetch(0)).toThrow('inference fetch timeout must be a positive number of ms, got 0');
});
