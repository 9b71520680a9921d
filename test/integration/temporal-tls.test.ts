import { connectClient } from '../../client/connect';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { startTlsTerminator, type TlsTerminator } from '../fakes/tls-terminator';
import { killWorkerProcess, startWorkerProcess } from '../support/worker-process';

/**
 * The TLS and API-key connection options (common/temporal-connection.ts) against a real dev
 * server. The dev server serves no TLS, so a TLS terminator (test/fakes/tls-terminator.ts,
 * client certificate required) stands in front of it; the client (`connectClient`) and a real
 * worker process connect through it with the TEMPORAL_TLS_* variables.
 */
jest.setTimeout(180_000);

let server: DevServer;
let certs: TestCertificates;
let front: TlsTerminator;
const saved = { ...process.env };

beforeAll(async () => {
  certs = makeTestCertificates();
  server = await startDevServer();
  front = await startTlsTerminator({ certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.caCert, upstream: server.address });
}, 120_000);

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

afterAll(async () => {
  await front?.close();
  await server?.stop();
});

function mtlsEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return { TEMPORAL_TLS_CA: certs.caCert, TEMPORAL_TLS_CERT: certs.clientCert, TEMPORAL_TLS_KEY: certs.clientKey, TEMPORAL_TLS_SERVER_NAME: certs.serverName, ...overrides };
}

test('the client connects with mutual TLS, server CA and server name, and calls the cluster', async () => {
  Object.assign(process.env, mtlsEnv());
  const { client, connection } = await connectClient(front.address, 'default');
  try {
    const info = await client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  } finally {
    await connection.close();
  }
});

test('a worker process connects through TLS with an API key, and the key is in none of its output', async () => {
  const apiKey = 'tls-test-api-key-5f1c9a7e';
  const worker = await startWorkerProcess(front.address, { ...mtlsEnv(), TEMPORAL_API_KEY: apiKey });
  let output = '';
  worker.child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  expect(worker.queue).toMatch(/\S/);
  await killWorkerProcess(worker.child);
  expect(output).not.toContain(apiKey);
});

test('a server CA that did not sign the server certificate fails with a message naming the TLS settings', async () => {
  Object.assign(process.env, mtlsEnv({ TEMPORAL_TLS_CA: certs.otherCaCert }));
  await expect(connectClient(front.address, 'default')).rejects.toThrow(/could not connect to a Temporal server at 127\.0\.0\.1:\d+ \(is TEMPORAL_ADDRESS right\? check TEMPORAL_TLS_CA/);
});

test('without a client certificate the mTLS front refuses the connection', async () => {
  Object.assign(process.env, { TEMPORAL_TLS_CA: certs.caCert, TEMPORAL_TLS_SERVER_NAME: certs.serverName });
  await expect(connectClient(front.address, 'default')).rejects.toThrow(/could not connect to a Temporal server/);
});

test('a server name the certificate does not carry is refused', async () => {
  Object.assign(process.env, mtlsEnv({ TEMPORAL_TLS_SERVER_NAME: 'elsewhere.test' }));
  await expect(connectClient(front.address, 'default')).rejects.toThrow(/could not connect to a Temporal server/);
});

test('an API key over plaintext (TEMPORAL_TLS=false) reaches the dev server directly', async () => {
  Object.assign(process.env, { TEMPORAL_API_KEY: 'plaintext-api-key-0b3d', TEMPORAL_TLS: 'false' });
  const { client, connection } = await connectClient(server.address, 'default');
  try {
    expect((await client.workflowService.getSystemInfo({})).serverVersion).toMatch(/^\d+\.\d+/);
  } finally {
    await connection.close();
  }
});
