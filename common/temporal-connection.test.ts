import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeTemporalConnection, temporalConnectionOptions, TemporalConnectionSettingsError } from './temporal-connection';
import { redactSecrets } from './secrets';

const dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-conn-'));
const pem = path.join(dir, 'a.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = path.join(dir, 'b.txt');
writeFileSync(notPem, 'hello');

describe('temporalConnectionOptions', () => {
  it('is plaintext to the default address with nothing set', () => {
    expect(temporalConnectionOptions({})).toEqual({ address: '127.0.0.1:7233', tls: false });
  });

  it('turns TLS on for any TLS variable or an API key, and reads the files', () => {
    const options = temporalConnectionOptions({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_TLS_CERT: pem, TEMPORAL_TLS_KEY: pem, TEMPORAL_TLS_CA: pem, TEMPORAL_TLS_SERVER_NAME: 'x.test' });
    expect(options.address).toBe('ns.acct.tmprl.cloud:7233');
    expect(options.tls).toMatchObject({ serverNameOverride: 'x.test' });
    expect(Buffer.from((options.tls as { serverRootCACertificate: Uint8Array }).serverRootCACertificate).toString()).toContain('BEGIN CERTIFICATE');
    expect(options.tls !== false && options.tls.clientCertPair).toBeTruthy();
    expect(temporalConnectionOptions({ TEMPORAL_API_KEY: 'cloud-key-123456' })).toEqual({ address: '127.0.0.1:7233', tls: {}, apiKey: 'cloud-key-123456' });
    expect(temporalConnectionOptions({ TEMPORAL_API_KEY: 'cloud-key-123456', TEMPORAL_TLS: 'false' }).tls).toBe(false);
  });

  it.each([
    [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS=maybe: is not true or false'],
    [{ TEMPORAL_TLS_CERT: pem }, `TEMPORAL_TLS_CERT=${pem}: a client certificate needs TEMPORAL_TLS_KEY too`],
    [{ TEMPORAL_TLS_KEY: pem }, `TEMPORAL_TLS_KEY=${pem}: a client certificate needs TEMPORAL_TLS_CERT too`],
    [{ TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') }, `TEMPORAL_TLS_CA=${path.join(dir, 'missing.pem')}: cannot be read (ENOENT)`],
    [{ TEMPORAL_TLS_CA: notPem }, `TEMPORAL_TLS_CA=${notPem}: is not a PEM file (no -----BEGIN line)`],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: pem }, `TEMPORAL_TLS_CA=${pem}: is set but TEMPORAL_TLS is false`],
  ])('refuses %j naming the variable and value', (env, message) => {
    expect(() => temporalConnectionOptions(env)).toThrow(TemporalConnectionSettingsError);
    expect(() => temporalConnectionOptions(env)).toThrow(message);
  });

  it('never shows the API key: described as set, and redacted from log text', () => {
    const options = temporalConnectionOptions({ TEMPORAL_API_KEY: 'secret-key-abcdef12', TEMPORAL_TLS_CA: pem });
    const described = JSON.stringify(describeTemporalConnection(options));
    expect(described).not.toContain('secret-key-abcdef12');
    expect(described).toContain('"apiKey":"set"');
    expect(redactSecrets('key=secret-key-abcdef12', [])).toBe('key=[REDACTED]');
  });
});
