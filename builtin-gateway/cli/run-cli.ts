import { Command } from 'commander';
import { defaultGatewayConfig, loadGatewayConfig } from '../config/load-config';
import type { GatewayConfig } from '../config/types';
import { readGatewaySeed } from '../experimentation/gateway-seed';
import { readAutopilotSettings } from '../autopilot-proxy/autopilot-settings';
import { checkProviderCredentials } from '../models/check-credentials';
import { createGatewayServer, type GatewayServer } from '../server';
import { createMemoryStore } from '../store/memory-store';
import { createSqliteStore } from '../store/sqlite-store';
import type { GatewayStore } from '../store/types';
import { resolveBindAddress } from './bind-address';

export const STORE_PATH_VARIABLE = 'AUTOPILOT_BENCH_GATEWAY_STORE';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** What the command did: exited with a code, or started a server that now runs. */
export type CliOutcome = { kind: 'exit'; code: number } | { kind: 'serving'; server: GatewayServer; store: GatewayStore };

interface CliFlags {
  configFile?: string;
  defaultConfig?: boolean;
  bindAddress?: string;
  logFormat?: string;
  runPostgresMigrations?: boolean;
  runClickhouseMigrations?: boolean;
  runMigrations?: boolean;
  validateAndExit?: boolean;
}

/**
 * The gateway command line (TensorZero's flags): migrations flags exit 0 at once (the
 * built-in store needs none), `--validate-and-exit` checks the config and credentials,
 * otherwise the server starts and prints `builtin gateway listening on http://host:port`.
 */
export async function runGatewayCli(argv: string[], io: CliIo): Promise<CliOutcome> {
  const program = new Command('gateway')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) })
    .option('--config-file <path-or-glob>', 'TOML config file or glob of files to merge')
    .option('--default-config', 'start without a config file (model_name inference only)')
    .option('--bind-address <host:port>', 'address to listen on (also TENSORZERO_GATEWAY_BIND_ADDRESS)')
    .option('--log-format <format>', 'accepted for compatibility (logs are JSON lines on stderr)')
    .option('--run-postgres-migrations', 'no-op: the built-in store needs no migrations')
    .option('--run-clickhouse-migrations', 'no-op: the built-in store needs no migrations')
    .option('--run-migrations', 'no-op: the built-in store needs no migrations')
    .option('--validate-and-exit', 'load and validate the config, then exit');
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return { kind: 'exit', code: code ?? 1 };
  }
  const flags = program.opts<CliFlags>();
  if (flags.runPostgresMigrations || flags.runClickhouseMigrations || flags.runMigrations) return { kind: 'exit', code: 0 };
  if (flags.configFile && flags.defaultConfig) {
    io.stderr('--config-file and --default-config cannot be combined');
    return { kind: 'exit', code: 1 };
  }
  if (!flags.configFile && !flags.defaultConfig) {
    io.stderr('one of --config-file or --default-config is required');
    return { kind: 'exit', code: 1 };
  }

  let config: GatewayConfig;
  let bind: ReturnType<typeof resolveBindAddress>;
  try {
    config = flags.configFile ? await loadGatewayConfig(flags.configFile) : defaultGatewayConfig();
    checkProviderCredentials(config, io.env);
    readAutopilotSettings(io.env);
    readGatewaySeed(io.env);
    bind = resolveBindAddress({ flag: flags.bindAddress, env: io.env.TENSORZERO_GATEWAY_BIND_ADDRESS || undefined, config: config.gateway.bindAddress });
  } catch (err) {
    io.stderr((err as Error).message);
    return { kind: 'exit', code: 1 };
  }
  if (flags.validateAndExit) {
    io.stdout(`config is valid (hash ${config.hash})`);
    return { kind: 'exit', code: 0 };
  }

  const storePath = io.env[STORE_PATH_VARIABLE];
  let store: GatewayStore | undefined;
  try {
    store = storePath ? createSqliteStore(storePath) : createMemoryStore();
    const server = await createGatewayServer({ config, store, env: io.env, host: bind.host, port: bind.port });
    io.stdout(`builtin gateway listening on ${server.url}`);
    return { kind: 'serving', server, store };
  } catch (err) {
    await store?.close();
    io.stderr((err as Error).message);
    return { kind: 'exit', code: 1 };
  }
}
