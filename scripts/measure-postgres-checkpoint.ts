/**
 * Measures the two ways to checkpoint a run's Postgres database (issue 18): a template copy
 * (`CREATE DATABASE … TEMPLATE`) versus `pg_dump -Fc` + `pg_restore`, on a throwaway cluster
 * filled with gateway-like rows (inference rows with JSON payloads, feedback rows).
 *
 * Run: `npm run build && node dist/scripts/measure-postgres-checkpoint.js [rows…]`
 * (default row counts 1000 10000 50000). Prints a Markdown table (median of 3 of each).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dumpDatabase, restoreDatabase } from '../gateway/postgres-dump';
import { quoteIdent, runPsql } from '../gateway/postgres-psql';
import { resetDatabase } from '../gateway/postgres-reset';
import { startThrowawayPostgres } from '../gateway/postgres-throwaway';

const REPEATS = 3;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await timed(fn));
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

async function fill(url: string, rows: number): Promise<void> {
  await runPsql(url, `
CREATE SCHEMA tensorzero;
CREATE TABLE tensorzero.inferences (id bigint PRIMARY KEY, variant text, input jsonb, output jsonb, created timestamptz DEFAULT now());
CREATE TABLE tensorzero.feedback (id bigint PRIMARY KEY, target bigint REFERENCES tensorzero.inferences(id), value double precision);
INSERT INTO tensorzero.inferences (id, variant, input, output)
  SELECT g, 'variant_' || (g % 4), jsonb_build_object('messages', jsonb_build_array(jsonb_build_object('role', 'user', 'content', repeat('token ', 80) || g))),
         jsonb_build_object('content', repeat('answer ', 40) || g)
  FROM generate_series(1, ${rows}) g;
INSERT INTO tensorzero.feedback SELECT g, g, (g % 2)::float FROM generate_series(1, ${rows}) g;
`);
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const pg = await startThrowawayPostgres();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'measure-pg-'));
  const url = (db: string) => pg.url.replace(/\/postgres$/, `/${db}`);
  const lines = [
    '| rows (inferences + feedback) | database size | template: take | template: restore | pg_dump -Fc: take | dump file | pg_restore: restore |',
    '|---|---|---|---|---|---|---|',
  ];
  try {
    for (const rows of counts.length > 0 ? counts : [1000, 10000, 50000]) {
      const source = url(`src_${rows}`);
      await resetDatabase(source);
      await fill(source, rows);
      const size = (await runPsql(source, 'SELECT pg_size_pretty(pg_database_size(current_database()));\n')).trim();
      // Template copy: the source must have no other session (the gateways would have to stop).
      const takeTemplate = await median(async () => {
        await runPsql(pg.url, `DROP DATABASE IF EXISTS ${quoteIdent(`cp_${rows}`)};\nCREATE DATABASE ${quoteIdent(`cp_${rows}`)} TEMPLATE ${quoteIdent(`src_${rows}`)};\n`);
      });
      const restoreTemplate = await median(async () => {
        await runPsql(pg.url, `DROP DATABASE IF EXISTS ${quoteIdent(`rt_${rows}`)};\nCREATE DATABASE ${quoteIdent(`rt_${rows}`)} TEMPLATE ${quoteIdent(`cp_${rows}`)};\n`);
      });
      const file = path.join(work, `src_${rows}.pgdump`);
      const takeDump = await median(() => dumpDatabase(source, file));
      const dumpSize = (await fs.stat(file)).size;
      const restoreDump = await median(() => restoreDatabase(url(`rd_${rows}`), file));
      const count = (await runPsql(url(`rd_${rows}`), 'SELECT count(*) FROM tensorzero.feedback;\n')).trim();
      if (Number(count) !== rows) throw new Error(`pg_restore gave ${count} feedback rows, expected ${rows}`);
      const ms = (n: number) => `${n.toFixed(0)} ms`;
      lines.push(`| ${rows} + ${rows} | ${size} | ${ms(takeTemplate)} | ${ms(restoreTemplate)} | ${ms(takeDump)} | ${(dumpSize / 1024).toFixed(0)} KiB | ${ms(restoreDump)} |`);
    }
  } finally {
    await pg.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
