/**
 * Checkpoints and snapshots of TensorZero-gateway runs against a real Postgres (throwaway
 * cluster): `pg_dump -Fc` / `pg_restore` of the run's databases, and the original's `postgres/`
 * binary-COPY export and import (reference/original-harness.md §15).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError } from './errors';
import { readCheckpointManifest } from './manifest';
import { restoreCheckpoint } from './restore-checkpoint';
import { writeCheckpoint } from './write-checkpoint';
import { exportTables, importTables } from '../gateway/postgres-copy';
import { runPsql } from '../gateway/postgres-psql';
import { resetDatabase } from '../gateway/postgres-reset';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../gateway/postgres-throwaway';
import { tempDir } from '../test/fixtures/checkpoint-work-dir';

jest.setTimeout(120_000);

let pg: ThrowawayPostgres;
let root: string;
beforeAll(async () => {
  pg = await startThrowawayPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
beforeEach(() => {
  root = tempDir('pg-checkpoint-');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const urlOf = (db: string) => pg.url.replace(/\/postgres$/, `/${db}`);
const rows = async (url: string, sql: string) => (await runPsql(url, sql)).trim().split('\n').filter(Boolean);

/** A gateway-like schema: migration bookkeeping, identity, a daily-partitioned table and a plain one. */
const SCHEMA = `
CREATE SCHEMA tensorzero;
CREATE TABLE public._sqlx_migrations (version bigint PRIMARY KEY, description text);
INSERT INTO public._sqlx_migrations VALUES (1, 'init');
CREATE TABLE tensorzero.deployment_id (id text);
CREATE TABLE tensorzero.inferences (id uuid PRIMARY KEY, variant text NOT NULL, created date NOT NULL, payload jsonb);
CREATE TABLE tensorzero.feedback (target uuid NOT NULL, value double precision, created date NOT NULL) PARTITION BY RANGE (created);
CREATE TABLE tensorzero.feedback_2026_12_03 PARTITION OF tensorzero.feedback FOR VALUES FROM ('2026-12-03') TO ('2026-12-04');
`;

async function gatewayDatabase(name: string, deploymentId: string): Promise<string> {
  const url = urlOf(name);
  await resetDatabase(url);
  await runPsql(url, SCHEMA + `INSERT INTO tensorzero.deployment_id VALUES ('${deploymentId}');\n`);
  return url;
}

function workDir(): string {
  const dir = path.join(root, 'work');
  mkdirSync(path.join(dir, 'config'), { recursive: true });
  writeFileSync(path.join(dir, 'config', 'tensorzero.toml'), '[functions]\n');
  return dir;
}

describe('checkpoints of Postgres databases (pg_dump -Fc / pg_restore)', () => {
  it('captures both databases and restores them exactly after later writes', async () => {
    const databases = { train: await gatewayDatabase('tz_train_aaaa', 'dep-train'), test: await gatewayDatabase('tz_test_aaaa', 'dep-test') };
    await runPsql(databases.train, "INSERT INTO tensorzero.inferences VALUES ('00000000-0000-7000-8000-000000000001', 'initial', '2026-12-03', '{\"a\":1}');\n");
    await runPsql(databases.test, "INSERT INTO tensorzero.feedback VALUES ('00000000-0000-7000-8000-000000000002', 0.5, '2026-12-03');\n");
    const work = workDir();
    const checkpointRoot = path.join(root, 'checkpoints');

    const ref = await writeCheckpoint({ workDir: work, checkpointRoot, runId: 'run-1', iteration: 1, summary: {}, databases });

    const manifest = await readCheckpointManifest(ref.dir);
    expect(manifest.store_kind).toBe('postgres');
    expect(statSync(path.join(ref.dir, 'stores/train.pgdump')).size).toBeGreaterThan(0);
    expect(statSync(path.join(ref.dir, 'stores/test.pgdump')).size).toBeGreaterThan(0);
    expect(existsSync(path.join(ref.dir, 'stores/train.sqlite'))).toBe(false);

    // Later iteration writes that the restore must undo, including a dropped table.
    await runPsql(databases.train, "INSERT INTO tensorzero.inferences VALUES ('00000000-0000-7000-8000-000000000003', 'candidate', '2026-12-03', NULL);\n");
    await runPsql(databases.test, 'DROP TABLE tensorzero.feedback;\n');

    await restoreCheckpoint({ checkpointDir: ref.dir, workDir: work, testStore: 'restore', databases });

    expect(await rows(databases.train, 'SELECT variant, payload FROM tensorzero.inferences ORDER BY id;\n')).toEqual(['initial|{"a": 1}']);
    expect(await rows(databases.train, 'SELECT id FROM tensorzero.deployment_id;\n')).toEqual(['dep-train']);
    expect(await rows(databases.test, 'SELECT value FROM tensorzero.feedback;\n')).toEqual(['0.5']);
    // The partition is attached again, not a loose table.
    expect(await rows(databases.test, "SELECT relispartition FROM pg_class WHERE relname = 'feedback_2026_12_03';\n")).toEqual(['t']);
  });

  it('refuses to restore a Postgres checkpoint into SQLite stores, touching nothing', async () => {
    const databases = { train: await gatewayDatabase('tz_train_bbbb', 'd'), test: await gatewayDatabase('tz_test_bbbb', 'd') };
    const work = workDir();
    const ref = await writeCheckpoint({ workDir: work, checkpointRoot: path.join(root, 'cp'), runId: 'r', iteration: 0, summary: {}, databases });
    await runPsql(databases.train, "INSERT INTO tensorzero.inferences VALUES ('00000000-0000-7000-8000-000000000009', 'kept', '2026-12-03', NULL);\n");

    const err = await restoreCheckpoint({ checkpointDir: ref.dir, workDir: work, testStore: 'restore' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).message).toMatch(/store_kind is postgres, but this run's gateways use SQLite stores/);
    expect(await rows(databases.train, 'SELECT variant FROM tensorzero.inferences;\n')).toEqual(['kept']);
  });

  it('empties the test database when a restore asks for an empty test store', async () => {
    const databases = { train: await gatewayDatabase('tz_train_cccc', 'd'), test: await gatewayDatabase('tz_test_cccc', 'd') };
    const work = workDir();
    const ref = await writeCheckpoint({ workDir: work, checkpointRoot: path.join(root, 'cp'), runId: 'r', iteration: 0, summary: {}, databases });
    await restoreCheckpoint({ checkpointDir: ref.dir, workDir: work, testStore: 'empty', databases });
    expect(await rows(databases.test, "SELECT count(*) FROM pg_tables WHERE schemaname = 'tensorzero';\n")).toEqual(['0']);
    expect(await rows(databases.train, "SELECT count(*) FROM pg_tables WHERE schemaname = 'tensorzero';\n")).toEqual(['4']);
  });
});

describe("the original's postgres/ snapshot format (binary COPY per table)", () => {
  it('exports every ordinary table and leaf partition as <schema>.<table>.pgcopy, in name order', async () => {
    const url = await gatewayDatabase('tz_export', 'dep-1');
    const dir = path.join(root, 'postgres');
    const names = await exportTables(url, dir);
    expect(names).toEqual([
      'public._sqlx_migrations.pgcopy',
      'tensorzero.deployment_id.pgcopy',
      'tensorzero.feedback_2026_12_03.pgcopy',
      'tensorzero.inferences.pgcopy',
    ]);
    expect(readdirSync(dir).sort()).toEqual(names);
    // An empty table still has the binary header ("PGCOPY\n\xff\r\n\0") and trailer.
    expect(statSync(path.join(dir, 'tensorzero.inferences.pgcopy')).size).toBeGreaterThanOrEqual(21);
  });

  it('imports into a migrated database: skips gateway-owned tables, creates missing date partitions, truncates first', async () => {
    const source = await gatewayDatabase('tz_source', 'dep-source');
    await runPsql(source, [
      'CREATE TABLE tensorzero.feedback_2025_01_15 PARTITION OF tensorzero.feedback FOR VALUES FROM (\'2025-01-15\') TO (\'2025-01-16\');',
      "INSERT INTO tensorzero.feedback VALUES ('00000000-0000-7000-8000-000000000001', 1, '2025-01-15'), ('00000000-0000-7000-8000-000000000002', 0, '2026-12-03');",
      "INSERT INTO tensorzero.inferences VALUES ('00000000-0000-7000-8000-000000000001', 'initial', '2025-01-15', '{\"k\": [1, 2]}');",
      'CREATE TABLE public.only_in_snapshot (x int);',
      '',
    ].join('\n'));
    const dir = path.join(root, 'postgres');
    await exportTables(source, dir);
    writeFileSync(path.join(dir, 'tensorzero.zero_bytes.pgcopy'), '');

    const target = await gatewayDatabase('tz_target', 'dep-target');
    await runPsql(target, "INSERT INTO tensorzero.inferences VALUES ('00000000-0000-7000-8000-00000000000f', 'stale', '2026-12-03', NULL);\n");

    const result = await importTables(target, dir);

    expect(result.skipped).toEqual(['public.only_in_snapshot', 'tensorzero.zero_bytes']);
    expect(await rows(target, 'SELECT variant, payload FROM tensorzero.inferences;\n')).toEqual(['initial|{"k": [1, 2]}']);
    expect(await rows(target, 'SELECT value, created FROM tensorzero.feedback ORDER BY created;\n')).toEqual(['1|2025-01-15', '0|2026-12-03']);
    expect(await rows(target, "SELECT relispartition FROM pg_class WHERE relname = 'feedback_2025_01_15';\n")).toEqual(['t']);
    // The running gateway's identity and migration state are its own.
    expect(await rows(target, 'SELECT id FROM tensorzero.deployment_id;\n')).toEqual(['dep-target']);
    expect(result.imported).not.toContain('tensorzero.deployment_id');
  });

  it('a directory without .pgcopy files imports nothing and does not fail', async () => {
    const target = await gatewayDatabase('tz_empty_import', 'd');
    const dir = path.join(root, 'old');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'inferences.native'), 'x');
    expect(await importTables(target, dir)).toEqual({ imported: [], skipped: [] });
  });
});
