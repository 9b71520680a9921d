import { databaseNameOf } from './postgres-urls';
import { quoteIdent, quoteLiteral, runPsql, type PsqlOptions } from './postgres-psql';

/**
 * Per-run database reset (reference/original-harness.md §1.7), done before a TensorZero
 * gateway's first start in a run: connect to database `postgres` on the same server, terminate
 * every other backend on the target database, `DROP DATABASE IF EXISTS`, `CREATE DATABASE`.
 * Restarts after config edits do not reset.
 */

/** Drops and recreates the database named in `url`'s path; the URL's other parts pick the server. */
export async function resetDatabase(url: string, options: PsqlOptions = {}): Promise<void> {
  const name = databaseNameOf(url, 'TENSORZERO_POSTGRES_URL');
  if (name === 'postgres' || name === 'template0' || name === 'template1') {
    throw new Error(`refusing to reset the maintenance database '${name}'`);
  }
  const script = [
    `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ${quoteLiteral(name)} AND pid <> pg_backend_pid();`,
    `DROP DATABASE IF EXISTS ${quoteIdent(name)};`,
    `CREATE DATABASE ${quoteIdent(name)};`,
    '',
  ].join('\n');
  await runPsql(url, script, { ...options, database: 'postgres' });
}

/** True when the database named in `url` exists (checked from database `postgres`). */
export async function databaseExists(url: string, options: PsqlOptions = {}): Promise<boolean> {
  const name = databaseNameOf(url, 'TENSORZERO_POSTGRES_URL');
  const out = await runPsql(url, `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(name)};\n`, { ...options, database: 'postgres' });
  return out.trim() === '1';
}
