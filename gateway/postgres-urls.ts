/**
 * Per-run Postgres database URLs for TensorZero-binary gateways (reference/original-harness.md
 * §1.6–1.7): the primary (train) and test databases are scoped by the run id so concurrent runs
 * never share observability data. Only the database name in the URL path changes.
 */

const POSTGRES_NAME_LIMIT = 63;
const SCOPE_LENGTH = 12;

export class PostgresUrlError extends Error {
  override readonly name = 'PostgresUrlError';
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
  }
}

/** The last 12 hex characters of the run id (a UUIDv7). */
export function scopeToken(runId: string): string {
  return runId.replace(/-/g, '').slice(-SCOPE_LENGTH).toLowerCase();
}

/** `TENSORZERO_SCOPE_DB`: on by default; after trimming only `1`, `true`, `yes` (case-sensitive) enable it. */
export function isDbScopingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.TENSORZERO_SCOPE_DB;
  if (value === undefined) return true;
  return ['1', 'true', 'yes'].includes(value.trim());
}

/** `<base>_<scope>`, truncating the base (never the suffix) to respect Postgres' 63-character limit. */
export function scopedDatabaseName(base: string, scope: string): string {
  return `${base.slice(0, POSTGRES_NAME_LIMIT - scope.length - 1)}_${scope}`;
}

export function databaseNameOf(url: string, variable: string): string {
  const name = decodeURIComponent(parseUrl(url, variable).pathname.replace(/^\//, ''));
  if (!name) throw new PostgresUrlError(variable, `the URL (${withoutCredentials(url)}) has no database name in its path`);
  return name;
}

/** The URL with its database name replaced; credentials, host, port and query are kept. */
export function withDatabaseName(url: string, name: string, variable: string): string {
  const parsed = parseUrl(url, variable);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export interface GatewayDatabaseUrlsOptions {
  /** `TENSORZERO_POSTGRES_URL` */
  primaryUrl: string;
  /** `TENSORZERO_TEST_POSTGRES_URL`, optional */
  testUrl?: string;
  runId: string;
  scoping: boolean;
}

/** The primary and test database URLs of a run, as the original derives them. */
export function gatewayDatabaseUrls(options: GatewayDatabaseUrlsOptions): { primary: string; test: string } {
  const scope = scopeToken(options.runId);
  const scopeUrl = (url: string, variable: string) =>
    options.scoping ? withDatabaseName(url, scopedDatabaseName(databaseNameOf(url, variable), scope), variable) : url;

  const primary = scopeUrl(options.primaryUrl, 'TENSORZERO_POSTGRES_URL');
  const testBase = options.testUrl
    ? options.testUrl
    : withDatabaseName(primary, `${databaseNameOf(primary, 'TENSORZERO_POSTGRES_URL')}_test`, 'TENSORZERO_POSTGRES_URL');
  return { primary, test: scopeUrl(testBase, options.testUrl ? 'TENSORZERO_TEST_POSTGRES_URL' : 'TENSORZERO_POSTGRES_URL') };
}

function parseUrl(url: string, variable: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PostgresUrlError(variable, 'is not a valid URL');
  }
  // Caught here, when a run starts, rather than by psql or the gateway minutes later.
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PostgresUrlError(variable, `must be a postgres:// or postgresql:// URL, got ${parsed.protocol}// (${withoutCredentials(url)})`);
  }
  return parsed;
}

/** For messages: the URL without user and password. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}
