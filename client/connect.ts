import { Client, Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_TYPES } from './search-attribute-types';
import { getLogger } from '../common/logger';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { describeTemporalConnection, temporalConnectionOptions } from '../common/temporal-connection';

const log = getLogger('client');

/** A client for `address`; registers our search attributes when the server lacks them. */
export async function connectClient(address: string, namespace: string): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  // TLS and API key from TEMPORAL_TLS_* / TEMPORAL_API_KEY (common/temporal-connection.ts)
  const options = { ...temporalConnectionOptions(), address };
  try {
    connection = await Connection.connect({ ...options, connectTimeout: '15 seconds' });
  } catch (err) {
    const how = options.tls === false ? 'something answers there but not as Temporal, or it wants TLS (TEMPORAL_TLS_*)' : 'check TEMPORAL_TLS_CA / TEMPORAL_TLS_SERVER_NAME / the client certificate';
    // eslint-disable-next-line preserve-caught-error -- the CLI prints the innermost cause, which would hide this hint
    throw new Error(`could not connect to a Temporal server at ${address} (is TEMPORAL_ADDRESS right? ${how}; ${JSON.stringify(describeTemporalConnection(options))}): ${(err as Error).message}`);
  }
  await ensureSearchAttributes(connection, namespace);
  return { client: new Client({ connection, namespace }), connection };
}

/**
 * Registers the search attributes the workflow sets, when the server lacks them: an unregistered
 * one would fail the workflow's task. Both the CLI and a standalone worker call this.
 */
export async function ensureSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, SEARCH_ATTRIBUTE_TYPES[key.type].indexed]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  log.info({ added: missing.map((k) => k.name) }, 'registered search attributes');
}
