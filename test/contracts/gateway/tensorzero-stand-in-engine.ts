/**
 * Starts TensorZero's engine for the contract suite the way the harness starts TensorZero's
 * gateway binary: `createGatewayProcess({ kind: 'tensorzero', binaryPath })` with the HTTP
 * stand-in (test/fakes/tensorzero-engine/gateway-stand-in) as the binary, so the database reset,
 * `--run-postgres-migrations`, the bind address in `TENSORZERO_GATEWAY_BIND_ADDRESS`, the
 * health wait, SIGTERM stop and restart are process.ts's own, and every check goes through
 * `createGatewayClient` like the built-in gateway's.
 *
 * Postgres: `$TENSORZERO_CONTRACT_POSTGRES_URL` when set, else a throwaway cluster; the run's
 * scoped database `tensorzero_<scope>` (gateway/postgres-urls.ts) is reset on first start.
 * Any missing piece throws `TensorZeroEngineUnavailableError` with the reason.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findProjectRoot } from '../../../common/project-root';
import { createGatewayClient } from '../../../gateway/client';
import { createGatewayProcess } from '../../../gateway/process';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../gateway/postgres-throwaway';
import { gatewayDatabaseUrls } from '../../../gateway/postgres-urls';
import { writeSimModelsToml } from '../../../gateway/sim-models-toml';
import type { ContractContext, GatewayUnderTest } from './types';

const run = promisify(execFile);

export class TensorZeroEngineUnavailableError extends Error {
  override readonly name = 'TensorZeroEngineUnavailableError';
}

/** The stand-in launcher, what `infra.gateway_binary_path` can point at. */
export function tensorZeroStandInPath(): string {
  return path.join(findProjectRoot(__dirname), 'test', 'fakes', 'tensorzero-engine', 'gateway-stand-in');
}

/** The engine's Python and the scripts beside the stand-in. */
export function engineFiles(): { python: string; configValidator: string } {
  const root = findProjectRoot(__dirname);
  return {
    python: process.env.TENSORZERO_ENGINE_PYTHON ?? path.join(root, '.venv', 'bin', 'python'),
    configValidator: path.join(root, 'test', 'fakes', 'tensorzero-engine', 'validate_config.py'),
  };
}

/** The installed wheel's version, or a reason why TensorZero's engine cannot run here. */
export async function probeTensorZeroEngine(): Promise<{ version: string } | { unavailable: string }> {
  const root = findProjectRoot(__dirname);
  const { python } = engineFiles();
  if (!existsSync(python)) return { unavailable: `no Python at ${python} (run scripts/setup.sh, or set TENSORZERO_ENGINE_PYTHON)` };
  if (!existsSync(path.join(root, 'dist', 'gateway', 'postgres-sqlx-migrations.js'))) return { unavailable: 'dist/ is not built (run `npm run build`)' };
  try {
    const { stdout } = await run(python, ['-c', 'import importlib.metadata as m, tensorzero.tensorzero, elftools; print(m.version("tensorzero"))']);
    return { version: stdout.trim() };
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').slice(-1)[0];
    return { unavailable: `${python} cannot import tensorzero/elftools (${stderr}); scripts/setup.sh installs test/fakes/tensorzero-engine/requirements.txt` };
  }
}

export async function startTensorZeroStandIn(ctx: ContractContext): Promise<GatewayUnderTest> {
  const probe = await probeTensorZeroEngine();
  if ('unavailable' in probe) throw new TensorZeroEngineUnavailableError(probe.unavailable);

  let cluster: ThrowawayPostgres | undefined;
  const serverUrl = process.env.TENSORZERO_CONTRACT_POSTGRES_URL ?? (cluster = await startThrowawayPostgres().catch((err: Error) => {
    throw new TensorZeroEngineUnavailableError(err.message);
  })).url;
  try {
    const { primary: dbUrl } = gatewayDatabaseUrls({ primaryUrl: withDb(serverUrl, 'tensorzero'), runId: randomUUID(), scoping: true });
    await writeSimModelsToml(ctx.config.configDir, ctx.simUrl);
    const gateway = await createGatewayProcess({
      kind: 'tensorzero',
      binaryPath: tensorZeroStandInPath(),
      configFile: ctx.config.configFile,
      configFileArgument: ctx.config.configGlob,
      port: 0,
      logDir: path.join(ctx.workDir, 'logs'),
      role: 'train',
      env: { TENSORZERO_POSTGRES_URL: dbUrl, TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1' },
      resetPostgresOnFirstStart: true,
      startupTimeoutMs: 90_000,
    });
    await gateway.start();
    return {
      engine: `TensorZero ${probe.version} engine behind the HTTP stand-in (Postgres store)`,
      api: createGatewayClient(gateway.url),
      restart: () => gateway.restart(),
      async close() {
        await gateway.stop();
        await cluster?.stop();
      },
    };
  } catch (err) {
    await cluster?.stop();
    throw err;
  }
}

function withDb(url: string, db: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}
