import { databaseNameOf } from './postgres-urls';
import { runPostgresTool } from './postgres-psql';
import { resetDatabase } from './postgres-reset';

/**
 * Whole-database copies of a TensorZero gateway's Postgres database for checkpoints:
 * `pg_dump` in custom format (`-Fc`: compressed, schema and data, one file) and `pg_restore`
 * into a freshly reset database. Chosen over `CREATE DATABASE … TEMPLATE` by measurement
 * (checkpoints/README.md): a template copy needs no other session on the source — the running
 * gateways would have to stop for every checkpoint — and it stays on the same server, so it
 * cannot carry a run to a worker that uses another Postgres or a shared checkpoint directory.
 */

export interface PgToolOptions {
  /** directory holding `pg_dump` / `pg_restore`; default: PATH */
  binDir?: string;
}

const tool = (name: string, options: PgToolOptions) => (options.binDir ? `${options.binDir}/${name}` : name);

/** Dumps the database of `url` into `file` (custom format). Consistent while gateways keep writing (one snapshot transaction). */
export async function dumpDatabase(url: string, file: string, options: PgToolOptions = {}): Promise<void> {
  await runPostgresTool(tool('pg_dump', options), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], url);
}

/** Drops and recreates the database of `url` (other sessions terminated), then loads `file` into it. */
export async function restoreDatabase(url: string, file: string, options: PgToolOptions = {}): Promise<void> {
  await resetDatabase(url);
  const name = databaseNameOf(url, 'TENSORZERO_POSTGRES_URL');
  await runPostgresTool(tool('pg_restore', options), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${name}`, file], url);
}
