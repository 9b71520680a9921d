import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../common/logger';
import { quoteIdent, quoteLiteral, runPsql } from './postgres-psql';

/**
 * The original harness's snapshot format for Postgres (reference/original-harness.md §15): one
 * `<schema>.<table>.pgcopy` file per ordinary table or leaf partition of the schemas `public`
 * and `tensorzero`, in PostgreSQL's binary COPY format. Files go through psql's `\copy`, so
 * they are written and read on this machine, not the server's.
 */

const log = getLogger('postgres-copy');

export const PGCOPY_SUFFIX = '.pgcopy';

/** Tables the running gateway owns (its migration state and identity); never imported (§15.3). */
const NOT_IMPORTED = new Set([
  'public._sqlx_migrations',
  'public.__durable_sqlx_migrations',
  'public.tensorzero_auth__sqlx_migrations',
  'tensorzero.config_snapshots',
  'tensorzero.deployment_id',
]);

interface Table {
  schema: string;
  table: string;
}

const qualified = (t: Table) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`;

/** Ordinary tables (`relkind = 'r'`, leaf partitions included) of `public` and `tensorzero`, by schema then name. */
export async function listCopyableTables(url: string): Promise<Table[]> {
  const out = await runPsql(
    url,
    "SELECT n.nspname || '|' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE c.relkind = 'r' AND n.nspname IN ('public', 'tensorzero') ORDER BY n.nspname, c.relname;\n",
  );
  return out.split('\n').filter(Boolean).map((line) => {
    const [schema, table] = line.split('|');
    return { schema, table };
  });
}

/** Exports every table of §15.1 into `dir` (created), one binary COPY file each; returns the file names. */
export async function exportTables(url: string, dir: string): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const tables = await listCopyableTables(url);
  const names = tables.map((t) => `${t.schema}.${t.table}${PGCOPY_SUFFIX}`);
  if (tables.length === 0) return names;
  // One psql session: every \copy runs in its own statement, as the original's one connection per table.
  const script = tables.map((t, i) => `\\copy ${qualified(t)} TO ${quoteLiteral(path.join(dir, names[i]))} WITH (FORMAT binary)`).join('\n') + '\n';
  await runPsql(url, script);
  return names;
}

export interface ImportTablesResult {
  imported: string[];
  /** snapshot tables the target database does not have (not even as a creatable date partition) */
  skipped: string[];
}

/**
 * Imports a `postgres/` directory of `.pgcopy` files into the database of `url`, which the
 * gateway has already migrated (§15.3): gateway-owned tables are left alone, missing date
 * partitions are created, every target table is truncated (CASCADE) before anything is loaded,
 * then each non-empty file is loaded in file-name order. No data files → a warning, no error.
 */
export async function importTables(url: string, dir: string): Promise<ImportTablesResult> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(PGCOPY_SUFFIX)).sort();
  if (files.length === 0) {
    const old = (await fs.readdir(dir)).some((f) => f.endsWith('.native'));
    log.warn({ dir }, old ? 'snapshot holds only .native files (from before the move from ClickHouse to Postgres); nothing imported' : 'snapshot holds no .pgcopy files; nothing imported');
    return { imported: [], skipped: [] };
  }
  const wanted = files
    .map((file) => ({ file, ...tableOfFile(file) }))
    .filter((t) => !NOT_IMPORTED.has(`${t.schema}.${t.table}`));

  const key = (t: Table) => `${t.schema}.${t.table}`;
  let existing = new Set((await listCopyableTables(url)).map(key));
  const partitions = wanted.filter((t) => !existing.has(key(t))).map(partitionDdl).filter((p): p is PartitionDdl => p !== null);
  if (partitions.length > 0) {
    const parents = await partitionedParents(url);
    const ddl = partitions.filter((p) => parents.has(p.parent)).map((p) => p.ddl);
    if (ddl.length > 0) await runPsql(url, ddl.join('\n') + '\n');
    existing = new Set((await listCopyableTables(url)).map(key));
  }
  const present = wanted.filter((t) => existing.has(key(t)));
  const skipped = wanted.filter((t) => !existing.has(key(t))).map(key);
  if (skipped.length > 0) log.warn({ count: skipped.length, tables: skipped }, 'snapshot tables missing in the target database were skipped');
  if (present.length === 0) return { imported: [], skipped };

  const loads: string[] = [];
  for (const t of present) {
    const stat = await fs.stat(path.join(dir, t.file));
    if (stat.size > 0) loads.push(`\\copy ${qualified(t)} FROM ${quoteLiteral(path.join(dir, t.file))} WITH (FORMAT binary)`);
  }
  const truncates = present.map((t) => `TRUNCATE ${qualified(t)} CASCADE;`);
  await runPsql(url, [...truncates, ...loads].join('\n') + '\n');
  return { imported: present.map(key), skipped };
}

/** `<schema>.<table>.pgcopy` → its table; a stem without a dot is an older file of a `public` table. */
function tableOfFile(file: string): Table {
  const stem = file.slice(0, -PGCOPY_SUFFIX.length);
  const dot = stem.indexOf('.');
  return dot < 0 ? { schema: 'public', table: stem } : { schema: stem.slice(0, dot), table: stem.slice(dot + 1) };
}

interface PartitionDdl {
  /** `schema.parent` */
  parent: string;
  ddl: string;
}

/** The `CREATE TABLE … PARTITION OF` for a daily (`_YYYY_MM_DD`) or monthly (`_YYYY_MM`) partition name, else null. */
function partitionDdl(t: Table): PartitionDdl | null {
  const daily = /^(.+)_(\d{4})_(\d{2})_(\d{2})$/.exec(t.table);
  const monthly = /^(.+)_(\d{4})_(\d{2})$/.exec(t.table);
  let parent: string;
  let from: Date;
  let to: Date;
  if (daily) {
    parent = daily[1];
    from = new Date(Date.UTC(Number(daily[2]), Number(daily[3]) - 1, Number(daily[4])));
    to = new Date(from.getTime() + 86_400_000);
  } else if (monthly) {
    parent = monthly[1];
    from = new Date(Date.UTC(Number(monthly[2]), Number(monthly[3]) - 1, 1));
    to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  } else {
    return null;
  }
  const day = (d: Date) => quoteLiteral(d.toISOString().slice(0, 10));
  const ddl = `CREATE TABLE ${qualified(t)} PARTITION OF ${quoteIdent(t.schema)}.${quoteIdent(parent)} FOR VALUES FROM (${day(from)}) TO (${day(to)});`;
  return { parent: `${t.schema}.${parent}`, ddl };
}

/** `schema.table` of every partitioned table (`relkind = 'p'`) in the two schemas. */
async function partitionedParents(url: string): Promise<Set<string>> {
  const out = await runPsql(
    url,
    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND n.nspname IN ('public', 'tensorzero');\n",
  );
  return new Set(out.split('\n').filter(Boolean));
}
