import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface TlsTerminator {
  address: string;
  close(): Promise<void>;
}

/**
 * STAND-IN for a TLS front of a Temporal cluster (the dev server cannot serve TLS): terminates
 * TLS — HTTP/2 by ALPN, client certificate required and checked against `caFile` — and passes
 * the plaintext bytes on to `upstream` (the dev server's gRPC port speaks HTTP/2 without TLS).
 */
export async function startTlsTerminator(options: { certFile: string; keyFile: string; caFile: string; upstream: string }): Promise<TlsTerminator> {
  const [host, port] = [options.upstream.slice(0, options.upstream.lastIndexOf(':')), Number(options.upstream.slice(options.upstream.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    { cert: readFileSync(options.certFile), key: readFileSync(options.keyFile), ca: readFileSync(options.caFile), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (client) => {
      const upstream = net.connect({ host, port });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined); // refused handshakes are what some tests expect
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
