import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { registerSecret } from './secrets';

/**
 * How the CLI and every worker reach a Temporal cluster other than the local dev server
 * (Temporal Cloud, a self-hosted cluster behind TLS): the environment variables the `temporal`
 * CLI reads, with the same names and meanings, so one set of variables serves both.
 *
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE       host:port and namespace
 * TEMPORAL_TLS                               true/false; default: on when any other TLS or API-key variable is set
 * TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY        client certificate and key files (mTLS; both or neither)
 * TEMPORAL_TLS_CA                            server CA file (default: the system's roots)
 * TEMPORAL_TLS_SERVER_NAME                   server name checked against the certificate (SNI)
 * TEMPORAL_API_KEY                           bearer API key (Temporal Cloud); never logged
 */
export interface TemporalConnectionOptions {
  address: string;
  /** false = plaintext; an object = TLS with these settings (empty = system roots, no client cert) */
  tls: TLSConfig | false;
  apiKey?: string;
}

export class TemporalConnectionSettingsError extends Error {
  override readonly name = 'TemporalConnectionSettingsError';
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly problem: string,
  ) {
    super(`${variable}=${value}: ${problem}`);
  }
}

const TLS_VARIABLES = ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME'] as const;

/** Connection options for `Connection.connect` and `NativeConnection.connect` from the environment; files are read here, so a bad path fails before connecting. */
export function temporalConnectionOptions(env: NodeJS.ProcessEnv = process.env, defaultAddress = '127.0.0.1:7233'): TemporalConnectionOptions {
  const address = env.TEMPORAL_ADDRESS || defaultAddress;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  if (apiKey) registerSecret(apiKey);
  const tlsWanted = tlsFlag(env.TEMPORAL_TLS) ?? (apiKey !== undefined || TLS_VARIABLES.some((name) => !!env[name]));
  if (!tlsWanted) {
    const stray = TLS_VARIABLES.find((name) => !!env[name]);
    if (stray) throw new TemporalConnectionSettingsError(stray, env[stray]!, 'is set but TEMPORAL_TLS is false');
    return { address, tls: false, ...(apiKey ? { apiKey } : {}) };
  }
  const tls: TLSConfig = {};
  const cert = env.TEMPORAL_TLS_CERT;
  const key = env.TEMPORAL_TLS_KEY;
  if (!!cert !== !!key) {
    const [set, missing] = cert ? ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'] : ['TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CERT'];
    throw new TemporalConnectionSettingsError(set, (cert || key)!, `a client certificate needs ${missing} too`);
  }
  if (cert && key) tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT', cert), key: readPem('TEMPORAL_TLS_KEY', key) };
  if (env.TEMPORAL_TLS_CA) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA);
  if (env.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
  return { address, tls, ...(apiKey ? { apiKey } : {}) };
}

/** What a log line may say about the connection: never the API key or file contents. */
export function describeTemporalConnection(options: TemporalConnectionOptions): Record<string, unknown> {
  return {
    address: options.address,
    tls: options.tls === false ? false : { mtls: !!options.tls.clientCertPair, ca: !!options.tls.serverRootCACertificate, serverName: options.tls.serverNameOverride ?? null },
    apiKey: options.apiKey ? 'set' : 'unset',
  };
}

function tlsFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new TemporalConnectionSettingsError('TEMPORAL_TLS', value, 'is not true or false');
}

function readPem(variable: string, file: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new TemporalConnectionSettingsError(variable, file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!data.toString('utf8').includes('-----BEGIN ')) throw new TemporalConnectionSettingsError(variable, file, 'is not a PEM file (no -----BEGIN line)');
  return data;
}
