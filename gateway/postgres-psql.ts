import { execFile } from 'node:child_process';
import { redactSecrets } from '../common/secrets';

/**
 * Runs SQL against Postgres with the `psql` client (and the other libpq programs) (no Node Postgres driver in the project).
 * The connection comes from a `postgres://` URL, handed to psql as libpq environment variables
 * so the password never appears on a command line. Scripts go through stdin with
 * `ON_ERROR_STOP`, so each statement runs on its own (DROP/CREATE DATABASE work) and the first
 * error fails the call.
 */

export class PostgresCommandError extends Error {
  override readonly name = 'PostgresCommandError';
  constructor(message: string, readonly stderr: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface PsqlOptions {
  /** connect to this database instead of the URL's (e.g. `postgres` for DROP/CREATE DATABASE) */
  database?: string;
  /** the psql executable; default `psql` from PATH */
  psqlPath?: string;
}

/** Double-quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Single-quoted literal (standard_conforming_strings, the default since Postgres 9.1). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** libpq environment for a `postgres://` / `postgresql://` URL. */
export function libpqEnv(url: string, database?: string): Record<string, string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PostgresCommandError('the Postgres URL is not a valid URL', '');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PostgresCommandError(`the Postgres URL has scheme '${parsed.protocol}', expected postgres:`, '');
  }
  const env: Record<string, string> = {};
  const host = parsed.searchParams.get('host') ?? parsed.hostname.replace(/^\[|\]$/g, '');
  if (host) env.PGHOST = decodeURIComponent(host);
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const dbName = database ?? decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (dbName) env.PGDATABASE = dbName;
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs `script` with psql; resolves with stdout (unaligned, tuples only). */
export async function runPsql(url: string, script: string, options: PsqlOptions = {}): Promise<string> {
  return runPostgresTool(options.psqlPath ?? 'psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-'], url, { database: options.database, stdin: script });
}

/**
 * Runs a libpq client program (`psql`, `pg_dump`, `pg_restore`) against the database of `url`
 * (or `options.database` on its server); resolves with stdout. Errors name the program, the
 * database and the server, with the password redacted.
 */
export async function runPostgresTool(program: string, args: string[], url: string, options: { database?: string; stdin?: string } = {}): Promise<string> {
  const env = libpqEnv(url, options.database);
  const name = program.split('/').pop();
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { env: { ...process.env, ...env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const secrets = env.PGPASSWORD ? [env.PGPASSWORD] : [];
        const detail = redactSecrets(String(stderr).trim() || error.message, secrets);
        reject(new PostgresCommandError(`${name} on database '${env.PGDATABASE ?? '?'}' at ${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? 5432} failed: ${detail}`, detail, { cause: error }));
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
