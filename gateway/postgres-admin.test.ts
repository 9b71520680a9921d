/** Real-Postgres tests of the psql-based helpers: per-run database reset and sqlx-style migrations. */
import { databaseExists, resetDatabase } from './postgres-reset';
import { libpqEnv, PostgresCommandError, runPsql } from './postgres-psql';
import { applySqlxMigrations, type SqlxMigrator } from './postgres-sqlx-migrations';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres-throwaway';
import { gatewayDatabaseUrls } from './postgres-urls';
import { createHash } from 'node:crypto';

jest.setTimeout(120_000);

let pg: ThrowawayPostgres;
beforeAll(async () => {
  pg = await startThrowawayPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

const RUN_ID = '0196c5c0-1234-7000-8000-0123456789ab';
const urlOf = (db: string) => pg.url.replace(/\/postgres$/, `/${db}`);

describe('libpqEnv', () => {
  it('maps every part of the URL and never puts the password on a command line', () => {
    expect(libpqEnv('postgres://u%40x:p%3Aw@db.example:6543/my%20db?sslmode=require')).toEqual({
      PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'u@x', PGPASSWORD: 'p:w', PGDATABASE: 'my db', PGSSLMODE: 'require',
    });
    expect(libpqEnv('postgres://u@h/db', 'postgres').PGDATABASE).toBe('postgres');
    expect(() => libpqEnv('http://h/db')).toThrow(PostgresCommandError);
  });
});

describe('resetDatabase', () => {
  it('creates the scoped per-run database, and a second reset empties it even with a client connected', async () => {
    const { primary } = gatewayDatabaseUrls({ primaryUrl: urlOf('tensorzero'), runId: RUN_ID, scoping: true });
    expect(primary).toMatch(/\/tensorzero_0123456789ab$/);
    expect(await databaseExists(primary)).toBe(false);
    await resetDatabase(primary);
    expect(await databaseExists(primary)).toBe(true);
    await runPsql(primary, 'CREATE TABLE leftover (x int); INSERT INTO leftover VALUES (1);\n');

    // A connected client (like a crashed gateway's pool) must not block the reset.
    const held = runPsql(primary, 'SELECT pg_sleep(30);\n').catch((err: Error) => err);
    await waitFor(async () => (await runPsql(pg.url, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%';\n")).trim() === '1');
    await resetDatabase(primary);
    expect(await held).toBeInstanceOf(PostgresCommandError); // terminated
    expect((await runPsql(primary, "SELECT count(*) FROM pg_tables WHERE tablename = 'leftover';\n")).trim()).toBe('0');
  });

  it('quotes odd database names and refuses the maintenance database', async () => {
    const odd = urlOf(encodeURIComponent('we"ird-Name'));
    await resetDatabase(odd);
    expect(await databaseExists(odd)).toBe(true);
    await expect(resetDatabase(pg.url)).rejects.toThrow(/maintenance database/);
  });
});

describe('applySqlxMigrations', () => {
  const migration = (version: number, sql: string) => ({ version, description: `m ${version}`, checksum: createHash('sha384').update(sql).digest('hex'), sql });

  it('applies pending migrations once, records them like sqlx, and stops at a failing one', async () => {
    const url = urlOf('sqlx_test');
    await resetDatabase(url);
    const migrators: SqlxMigrator[] = [
      { table: '_sqlx_migrations', migrations: [migration(2, 'INSERT INTO t VALUES (2);'), migration(1, "CREATE TABLE t (x int);\nDO $$ BEGIN RAISE NOTICE 'a;b'; END $$;")] },
      { table: 'other__sqlx_migrations', migrations: [migration(7, 'CREATE TABLE u (y int);')] },
    ];
    expect(await applySqlxMigrations(url, migrators)).toEqual({
      applied: [{ table: '_sqlx_migrations', version: 1 }, { table: '_sqlx_migrations', version: 2 }, { table: 'other__sqlx_migrations', version: 7 }],
      skipped: 0,
    });
    expect(await applySqlxMigrations(url, migrators)).toEqual({ applied: [], skipped: 3 });
    expect((await runPsql(url, 'SELECT x FROM t;\n')).trim()).toBe('2');
    expect((await runPsql(url, "SELECT version, success, encode(checksum, 'hex') = $$" + migration(7, 'CREATE TABLE u (y int);').checksum + '$$ FROM other__sqlx_migrations;\n')).trim()).toBe('7|t|t');

    const bad = [{ table: '_sqlx_migrations', migrations: [migration(3, 'INSERT INTO t VALUES (3);\nSELECT no_such_function();')] }];
    await expect(applySqlxMigrations(url, bad)).rejects.toThrow(/migration 3 .*no_such_function/s);
    // the failing migration's statements and record were rolled back together
    expect((await runPsql(url, 'SELECT count(*) FROM t WHERE x = 3;\n')).trim()).toBe('0');
    expect((await runPsql(url, 'SELECT count(*) FROM _sqlx_migrations WHERE version = 3;\n')).trim()).toBe('0');
  });
});

async function waitFor(check: () => Promise<boolean>, what = 'the condition', deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
}
