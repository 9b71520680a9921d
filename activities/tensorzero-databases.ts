/**
 * The Postgres databases of a run on TensorZero's gateway binary (reference/original-harness.md
 * §1.6–1.7): the scoped primary and test URLs the gateways get as `TENSORZERO_POSTGRES_URL`.
 * The built-in gateway keeps its own SQLite stores and needs none of this.
 */
import { registerSecret } from '../common/secrets';
import { databaseNameOf, gatewayDatabaseUrls, isDbScopingEnabled } from '../gateway/postgres-urls';
import type { RunDatabases } from '../checkpoints/layout';
import type { BenchmarkRunInput } from '../workflows/shared';

export class MissingPostgresUrlError extends Error {
  override readonly name = 'MissingPostgresUrlError';
  constructor() {
    super('TENSORZERO_POSTGRES_URL is required when infra.gateway_binary_path is set (TensorZero\'s gateway stores its data in Postgres); set it to a URL with a database name, e.g. postgres://user:pass@host:5432/tensorzero');
  }
}

/** Gateway environment per role: the scoped `TENSORZERO_POSTGRES_URL` of the train and test databases. */
export function tensorzeroDatabaseEnv(runId: string, env: NodeJS.ProcessEnv): { train: Record<string, string>; test: Record<string, string> } {
  const primaryUrl = env.TENSORZERO_POSTGRES_URL?.trim();
  if (!primaryUrl) throw new MissingPostgresUrlError();
  // The variable names end in _URL, which the log redaction does not treat as secret: register the passwords.
  for (const url of [primaryUrl, env.TENSORZERO_TEST_POSTGRES_URL]) registerUrlPassword(url);
  const urls = gatewayDatabaseUrls({
    primaryUrl,
    testUrl: env.TENSORZERO_TEST_POSTGRES_URL?.trim() || undefined,
    runId,
    scoping: isDbScopingEnabled(env),
  });
  return { train: { TENSORZERO_POSTGRES_URL: urls.primary }, test: { TENSORZERO_POSTGRES_URL: urls.test } };
}

/** The run's train and test database URLs when its gateways are TensorZero's (checkpoints dump them); undefined for the built-in gateway. */
export function runDatabases(input: BenchmarkRunInput, env: NodeJS.ProcessEnv = process.env): RunDatabases | undefined {
  if (!input.infra.gateway_binary_path) return undefined;
  const { train, test } = tensorzeroDatabaseEnv(input.runId, env);
  return { train: train.TENSORZERO_POSTGRES_URL, test: test.TENSORZERO_POSTGRES_URL };
}

/** `postgres_database` of runtime.json: the database name only (the URL may carry credentials). */
export function postgresDatabaseName(url: string | undefined): string | null {
  return url ? databaseNameOf(url, 'TENSORZERO_POSTGRES_URL') : null;
}

function registerUrlPassword(url: string | undefined): void {
  if (!url) return;
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) registerSecret(password);
  } catch {
    // not a URL: gatewayDatabaseUrls reports that, naming the variable
  }
}
