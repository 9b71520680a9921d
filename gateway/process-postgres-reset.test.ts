/**
 * The TensorZero-binary start path resets the run's scoped Postgres database before the first
 * start only (reference/original-harness.md §1.7), on a real throwaway Postgres. The `gateway`
 * binary is the fake from test/fakes (it accepts `--run-postgres-migrations`).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GatewayStartError } from './errors';
import { createGatewayProcess } from './process';
import { databaseExists } from './postgres-reset';
import { runPsql } from './postgres-psql';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres-throwaway';
import { gatewayDatabaseUrls } from './postgres-urls';
import type { GatewayProcess } from './types';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(120_000);

let pg: ThrowawayPostgres;
let tmp: string;
let binary: string;
let configFile: string;
const managers: GatewayProcess[] = [];

beforeAll(async () => {
  pg = await startThrowawayPostgres();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-pg-reset-'));
  binary = path.join(tmp, 'gateway');
  await fs.copyFile(path.join(__dirname, '..', 'test', 'fakes', 'fake-gateway.js'), binary);
  await fs.chmod(binary, 0o755);
  configFile = path.join(tmp, 'tensorzero.toml');
  await fs.writeFile(configFile, '[gateway]\n');
});
afterAll(async () => {
  for (const m of managers.splice(0)) await m.stop();
  await fs.rm(tmp, { recursive: true, force: true });
  await pg?.stop();
});

async function gateway(env: Record<string, string>, reset = true): Promise<GatewayProcess> {
  const m = await createGatewayProcess({
    kind: 'tensorzero', binaryPath: binary, configFile, port: 0, logDir: path.join(tmp, `logs-${managers.length}`), role: 'train',
    env, resetPostgresOnFirstStart: reset, startupTimeoutMs: 10_000, shutdownTimeoutMs: 5_000,
  });
  managers.push(m);
  return m;
}

const tableCount = async (url: string) => Number((await runPsql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'from_earlier';\n")).trim());

it('creates the scoped database on first start, empties a stale one, and keeps data across restarts', async () => {
  const { primary } = gatewayDatabaseUrls({ primaryUrl: pg.url.replace(/\/postgres$/, '/tensorzero'), runId: '0196c5c0-0000-7000-8000-00000000abcd', scoping: true });
  expect(await databaseExists(primary)).toBe(false);
  const first = await gateway({ TENSORZERO_POSTGRES_URL: primary });
  await first.start();
  expect(await databaseExists(primary)).toBe(true);
  await runPsql(primary, 'CREATE TABLE from_earlier (x int);\n');
  await first.restart(); // restarts after config edits never reset
  expect(await tableCount(primary)).toBe(1);
  await first.stop();

  const log = await fs.readFile(path.join(tmp, 'logs-0', 'gateway.stdout.log'), 'utf8');
  expect(log.match(/\] database reset \(config=/g)).toHaveLength(1);
  expect(log.match(/\] migrations \(config=/g)).toHaveLength(2);

  // A new run (new manager) with the same scoped name starts from an empty database.
  const second = await gateway({ TENSORZERO_POSTGRES_URL: primary });
  await second.start();
  expect(await tableCount(primary)).toBe(0);

  // Without the option nothing is dropped.
  await runPsql(primary, 'CREATE TABLE from_earlier (x int);\n');
  await second.stop();
  const third = await gateway({ TENSORZERO_POSTGRES_URL: primary }, false);
  await third.start();
  expect(await tableCount(primary)).toBe(1);
});

it('fails the start, before launching anything, when the database cannot be reset', async () => {
  const noUrl = await gateway({});
  await expect(noUrl.start()).rejects.toThrow(/TENSORZERO_POSTGRES_URL is not set/);
  const unreachable = await gateway({ TENSORZERO_POSTGRES_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/tensorzero_x' });
  const err = await unreachable.start().then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayStartError);
  expect((err as Error).message).toMatch(/could not reset its database/);
  expect((err as Error).message).not.toContain('hunter2-secret');
  expect(unreachable.running).toBe(false);
  // a URL the reset must describe back (no database name) still never shows its password
  const nameless = await gateway({ TENSORZERO_POSTGRES_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/' });
  const namelessErr = (await nameless.start().then(() => null, (e: unknown) => e)) as Error;
  expect(namelessErr.message).toMatch(/127\.0\.0\.1:1/);
  expect(namelessErr.message).not.toContain('hunter2-secret');
});
