import { z } from 'zod';
import { quoteIdent, quoteLiteral, runPsql, type PsqlOptions } from './postgres-psql';

/**
 * Applies sqlx-style migrations with psql, recording them the way sqlx does (one
 * `<table>` row per version: version, description, success, checksum, execution_time), so a
 * program that checks `SELECT version FROM <table> WHERE success` — TensorZero's gateway at
 * startup — sees them as applied. Each migration and its record commit in one transaction;
 * versions already recorded are skipped, so re-running is safe.
 *
 * Used by the TensorZero engine stand-in's `--run-postgres-migrations` (test/fakes/tensorzero-engine/),
 * whose PyPI wheel cannot migrate itself. A real `gateway` binary migrates on its own.
 */

export const sqlxMigrationSchema = z.object({
  version: z.number().int().positive(),
  description: z.string(),
  /** hex SHA-384 of `sql` */
  checksum: z.string().regex(/^[0-9a-f]{96}$/),
  sql: z.string().min(1),
});
export const sqlxMigratorSchema = z.object({
  table: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  migrations: z.array(sqlxMigrationSchema),
});
export type SqlxMigrator = z.infer<typeof sqlxMigratorSchema>;

export interface SqlxApplyResult {
  applied: Array<{ table: string; version: number }>;
  skipped: number;
}

export async function applySqlxMigrations(url: string, migrators: SqlxMigrator[], options: PsqlOptions = {}): Promise<SqlxApplyResult> {
  const result: SqlxApplyResult = { applied: [], skipped: 0 };
  for (const migrator of migrators.map((m) => sqlxMigratorSchema.parse(m))) {
    const table = quoteIdent(migrator.table);
    await runPsql(
      url,
      `CREATE TABLE IF NOT EXISTS ${table} (version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);\n`,
      options,
    );
    const done = new Set((await runPsql(url, `SELECT version FROM ${table} WHERE success;\n`, options)).split('\n').filter(Boolean).map(Number));
    for (const m of [...migrator.migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) {
        result.skipped += 1;
        continue;
      }
      const record = `INSERT INTO ${table} (version, description, success, checksum, execution_time) VALUES (${m.version}, ${quoteLiteral(m.description)}, true, '\\x${m.checksum}', 0);`;
      await runPsql(url, `BEGIN;\n${m.sql}\n;\n${record}\nCOMMIT;\n`, options).catch((err: Error) => {
        throw new Error(`migration ${m.version} (${m.description}) into ${migrator.table} failed: ${err.message}`, { cause: err });
      });
      result.applied.push({ table: migrator.table, version: m.version });
    }
  }
  return result;
}
