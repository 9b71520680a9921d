import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { freePort } from '../../common/ports';
import { REPO_ROOT, runCli, type CliResult } from './cli';
import { startMinimalAutopilot, type MinimalAutopilotOptions, type MinimalAutopilotProcess } from '../fakes/minimal-autopilot/process';
import { startDevServer, type DevServer } from './temporal-dev-server';

export interface HttpAutopilotRunOptions {
  /** prefix of the temp work root and name of the config file */
  name: string;
  token: string;
  numIterations: number;
  seed: number;
  sessionFaults?: MinimalAutopilotOptions['sessionFaults'];
  timeoutMs: number;
}

export interface HttpAutopilotRun {
  server: DevServer;
  autopilot: MinimalAutopilotProcess;
  workRoot: string;
  /** `<work root>/out/ner_conllpp_v0/<timestamp>` */
  runDir: string;
  result: CliResult;
  stop(): Promise<void>;
}

/**
 * One whole `run` of the quickstart config through the built CLI, with `autopilot_target.kind:
 * http` pointing at the minimal autopilot (its own process), reached only through the built-in
 * gateway's Autopilot proxy with the key from `api_key_env`.
 */
export async function runWithMinimalAutopilot(options: HttpAutopilotRunOptions): Promise<HttpAutopilotRun> {
  const server = await startDevServer();
  const workRoot = mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
  // The service reads the train gateway's config, so the train gateway gets a port known up front.
  const gatewayPort = await freePort();
  const autopilot = await startMinimalAutopilot({ token: options.token, port: await freePort(), gatewayUrl: `http://127.0.0.1:${gatewayPort}`, sessionFaults: options.sessionFaults });
  const stop = async () => {
    await autopilot.stop();
    await server.stop();
  };

  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  config.autopilot_target = { kind: 'http', base_url: autopilot.url, api_key_env: 'MINIMAL_AUTOPILOT_KEY' };
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  config.infra.gateway_port = gatewayPort;
  config.environments[0].num_iterations = options.numIterations;
  const configFile = path.join(workRoot, `${options.name}.yaml`);
  writeFileSync(configFile, stringifyYaml(config));

  const result = await runCli(['run', '--config', configFile, '--work-dir', path.join(workRoot, 'out'), '--episodes', '6', '--seed', String(options.seed)], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir, MINIMAL_AUTOPILOT_KEY: options.token },
    timeoutMs: options.timeoutMs,
  });
  const envDir = path.join(workRoot, 'out', 'ner_conllpp_v0');
  return { server, autopilot, workRoot, runDir: path.join(envDir, readdirSync(envDir)[0]), result, stop };
}
