import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AutopilotProtocolError } from './protocol-error';
import { readCappedText } from './read-capped-body';

// A real loopback server: one route streams chunks without a Content-Length, one declares a size.
let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/declared') {
      res.writeHead(200, { 'content-length': '5000' });
      return res.end('y'.repeat(5000));
    }
    // chunked: 10 chunks of 1000 bytes, written until the client goes away
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const writeNext = () => {
      if (sent === 10 || res.destroyed) return res.end();
      sent++;
      res.write('z'.repeat(1000), () => setImmediate(writeNext));
    };
    writeNext();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('readCappedText', () => {
  it('reads a body within the cap', async () => {
    expect(await readCappedText(await fetch(`${url}/declared`), 5000, 'GET /declared')).toBe('y'.repeat(5000));
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const error = await readCappedText(await fetch(`${url}/declared`), 4999, 'GET /declared').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AutopilotProtocolError);
    expect(error).toMatchObject({ kind: 'too_large', route: 'GET /declared', jsonPath: null });
    expect((error as Error).message).toBe(
      'autopilot protocol fault in the response to GET /declared: the body declares 5000 bytes (Content-Length), over the cap of 4999 bytes',
    );
  });

  it('stops a streamed body as soon as it passes the cap', async () => {
    const response = await fetch(`${url}/streamed`);
    expect(response.headers.get('content-length')).toBeNull();
    const error = await readCappedText(response, 2500, 'GET /streamed').catch((err: unknown) => err);
    expect(error).toMatchObject({ kind: 'too_large', problem: 'is longer than the cap of 2500 bytes' });
  });

  it('reads a streamed body whole when it fits', async () => {
    expect(await readCappedText(await fetch(`${url}/streamed`), 10_000, 'GET /streamed')).toBe('z'.repeat(10_000));
  });
});
