/**
 * Starts TensorZero's engine for the contract suite: the embedded gateway of the PyPI
 * `tensorzero` wheel (the only form of TensorZero's engine installable here; see README) on a
 * per-run scoped Postgres database that is reset and migrated first, exactly as the harness
 * will do before a TensorZero gateway's first start:
 *
 * 1. Postgres server: `$TENSORZERO_CONTRACT_POSTGRES_URL` when set, else a throwaway cluster.
 * 2. Database `tensorzero_<scope>` (gateway/postgres-urls.ts), reset (gateway/postgres-reset.ts).
 * 3. Migrations: the wheel cannot run `--run-postgres-migrations`, so the sqlx migrations it
 *    embeds are extracted (test/fakes/tensorzero-engine/extract_migrations.py) and applied with psql
 *    (gateway/postgres-sqlx-migrations.ts). One of them calls `durable.create_queue`, which
 *    TensorZero's `durable` crate creates in the real migration step and the wheel lacks; a
 *    no-op stand-in is created first (queues are not used by inference or feedback).
 * 4. `sim-models.toml` next to the generated config, then the Python driver.
 *
 * Any missing piece throws `TensorZeroEngineUnavailableError` with the reason.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { findProjectRoot } from '../../../common/project-root';
import { runPsql, quoteLiteral } from '../../../gateway/postgres-psql';
import { resetDatabase } from '../../../gateway/postgres-reset';
import { applySqlxMigrations, sqlxMigratorSchema } from '../../../gateway/postgres-sqlx-migrations';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../gateway/postgres-throwaway';
import { gatewayDatabaseUrls } from '../../../gateway/postgres-urls';
import { writeSimModelsToml } from '../../../gateway/sim-models-toml';
import { startEmbeddedDriver, type EmbeddedDriver } from './tensorzero-embedded-driver';
import type { ContractContext, GatewayUnderTest, StoredVariantMetric } from './types';

const run = promisify(execFile);

export class TensorZeroEngineUnavailableError extends Error {
  override readonly name = 'TensorZeroEngineUnavailableError';
}

const DURABLE_STAND_IN = `CREATE SCHEMA IF NOT EXISTS durable;
DO $$ BEGIN
  IF to_regprocedure('durable.create_queue(text)') IS NULL THEN
    CREATE FUNCTION durable.create_queue(text) RETURNS void LANGUAGE sql AS 'SELECT NULL::void';
  END IF;
END $$;
`;

const extractedSchema = z.object({ tensorzero_version: z.string(), migrators: z.array(sqlxMigratorSchema).length(3) });

/** The Python and scripts that run TensorZero's engine here. */
export function engineFiles() {
  const root = findProjectRoot(__dirname);
  return {
    python: process.env.TENSORZERO_ENGINE_PYTHON ?? path.join(root, '.venv', 'bin', 'python'),
    driver: path.join(root, 'test', 'fakes', 'tensorzero-engine', 'driver.py'),
    extractor: path.join(root, 'test', 'fakes', 'tensorzero-engine', 'extract_migrations.py'),
    configValidator: path.join(root, 'test', 'fakes', 'tensorzero-engine', 'validate_config.py'),
  };
}

/** The installed wheel's version, or a reason why TensorZero's engine cannot run here. */
export async function probeTensorZeroEngine(): Promise<{ version: string } | { unavailable: string }> {
  const { python } = engineFiles();
  if (!existsSync(python)) return { unavailable: `no Python at ${python} (run scripts/setup.sh, or set TENSORZERO_ENGINE_PYTHON)` };
  try {
    const { stdout } = await run(python, ['-c', 'import importlib.metadata as m, tensorzero.tensorzero, elftools; print(m.version("tensorzero"))']);
    return { version: stdout.trim() };
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').slice(-1)[0];
    return { unavailable: `${python} cannot import tensorzero/elftools (${stderr}); scripts/setup.sh installs test/fakes/tensorzero-engine/requirements.txt` };
  }
}

export async function startTensorZeroEmbedded(ctx: ContractContext): Promise<GatewayUnderTest> {
  const probe = await probeTensorZeroEngine();
  if ('unavailable' in probe) throw new TensorZeroEngineUnavailableError(probe.unavailable);
  const files = engineFiles();

  let cluster: ThrowawayPostgres | undefined;
  const serverUrl = process.env.TENSORZERO_CONTRACT_POSTGRES_URL ?? (cluster = await startThrowawayPostgres().catch((err: Error) => {
    throw new TensorZeroEngineUnavailableError(err.message);
  })).url;
  let driver: EmbeddedDriver | undefined;
  try {
    const { primary: dbUrl } = gatewayDatabaseUrls({ primaryUrl: withDb(serverUrl, 'tensorzero'), runId: randomUUID(), scoping: true });
    await resetDatabase(dbUrl);
    const extracted = extractedSchema.parse(JSON.parse((await run(files.python, [files.extractor], { maxBuffer: 64 * 1024 * 1024 })).stdout));
    await runPsql(dbUrl, DURABLE_STAND_IN);
    await applySqlxMigrations(dbUrl, extracted.migrators);
    await writeSimModelsToml(ctx.config.configDir, ctx.simUrl);

    const start = () =>
      startEmbeddedDriver({
        python: files.python,
        driverScript: files.driver,
        configGlob: ctx.config.configGlob,
        postgresUrl: dbUrl,
        logFile: path.join(ctx.workDir, 'tensorzero-embedded.log'),
      });
    driver = await start();
    let current = driver;
    const api = {
      inference: (...args: Parameters<EmbeddedDriver['inference']>) => current.inference(...args),
      feedback: (...args: Parameters<EmbeddedDriver['feedback']>) => current.feedback(...args),
    };
    return {
      engine: `TensorZero ${extracted.tensorzero_version} embedded gateway (PyPI wheel, Postgres store, no HTTP)`,
      http: false,
      api,
      async restart() {
        await current.close();
        current = await start();
      },
      async close() {
        await current.close();
        await cluster?.stop();
      },
      storedVariantMetrics: (fn, metric, level) => storedVariantMetrics(dbUrl, fn, metric, level),
    };
  } catch (err) {
    await driver?.close();
    await cluster?.stop();
    throw err;
  }
}

function withDb(url: string, db: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}

/** TensorZero's stored rows aggregated as `variant_performances` does (reference tensorzero.md §1.5, §5.3). */
async function storedVariantMetrics(dbUrl: string, fn: string, metric: string, level: 'inference' | 'episode'): Promise<StoredVariantMetric[]> {
  const f = quoteLiteral(fn);
  const m = quoteLiteral(metric);
  const sql = `
WITH feedback AS (
  SELECT target_id, id, created_at, (value::int)::float8 AS v FROM tensorzero.boolean_metric_feedback WHERE metric_name = ${m}
  UNION ALL
  SELECT target_id, id, created_at, value::float8 FROM tensorzero.float_metric_feedback WHERE metric_name = ${m}
), latest AS (
  SELECT DISTINCT ON (target_id) target_id, v FROM feedback ORDER BY target_id, created_at DESC, id DESC
), inferences AS (
  SELECT id, episode_id, variant_name FROM tensorzero.chat_inferences WHERE function_name = ${f}
  UNION ALL
  SELECT id, episode_id, variant_name FROM tensorzero.json_inferences WHERE function_name = ${f}
), points AS (
  ${level === 'inference'
    ? 'SELECT i.variant_name, i.id AS target, l.v FROM latest l JOIN inferences i ON i.id = l.target_id'
    : 'SELECT DISTINCT i.variant_name, i.episode_id AS target, l.v FROM latest l JOIN inferences i ON i.episode_id = l.target_id'}
)
SELECT json_agg(json_build_object('variant_name', variant_name, 'count', n, 'avg_metric', a) ORDER BY variant_name)
FROM (SELECT variant_name, count(*) AS n, avg(v) AS a FROM points GROUP BY variant_name) s;
`;
  const out = (await runPsql(dbUrl, sql)).trim();
  return out ? (JSON.parse(out) as StoredVariantMetric[]) : [];
}
