import * as path from 'node:path';
import { effectiveSeed } from '../config/derived';
import { existsSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { getLogger } from '../common/logger';
import { registerSecret } from '../common/secrets';
import { freePort } from '../common/ports';
import { createGatewayProcess } from '../gateway/process';
import type { GatewayProcess, GatewayClient } from '../gateway/types';
import { createGatewayClient } from '../gateway/client';
import { createSimProviderServer } from '../sim-provider/server';
import { createBuiltinAutopilotServer } from '../autopilot/builtin/server';
import { strategyOptionsFromYaml } from '../autopilot/builtin/yaml-options';
import { createOptimizerAutopilotServer, optimizerSettingsFromYaml } from '../autopilot/optimizers';
import { BudgetLedger, NO_BUDGET, type BudgetUsage } from '../autopilot/budget/budget-meter';
import { createGatewayInterlocutor, type Interlocutor } from '../autopilot/interlocutor';
import type { BenchmarkRunInput } from '../workflows/shared';
import { writeSimModelsToml } from '../gateway/sim-models-toml';
import { startLocalServerForRun } from '../local-models/run-local-server';
import { createInferenceFetch, type InferenceFetch } from '../common/inference-fetch';
import { LOCAL_TIMEOUT_VARIABLE } from '../builtin-gateway/models/create-provider';
import { tensorzeroDatabaseEnv } from './tensorzero-databases';
import { GATEWAY_SEED_VARIABLE } from '../builtin-gateway/experimentation/gateway-seed';
import { autopilotRoot, configFile as configFileOf, gatewayDir, testGatewayDir, trainStoreFile, testStoreFile } from '../results/paths';

const log = getLogger('run-resources');

interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** The local state of one run on this worker: gateway subprocesses and helper servers. */
export interface RunResources {
  runId: string;
  train: GatewayProcess;
  test: GatewayProcess;
  trainClient: GatewayClient;
  testClient: GatewayClient;
  interlocutor: Interlocutor | undefined;
  /** what a session spent of the autopilot budget; null for sessions this worker does not meter (external autopilots) */
  autopilotBudgetUsage(sessionId: string | null): BudgetUsage | null;
  close(): Promise<void>;
}

/**
 * The run's seed for the simulated provider and the paired evaluation: the CLI `--seed`, else
 * the YAML `seed`, else one derived from the run id (fixed for the run, so an unseeded run
 * still evaluates every iteration on one task set).
 */
export function runSeed(input: BenchmarkRunInput): number {
  return effectiveSeed(input.seed, input.env) ?? createHash('sha256').update(input.runId).digest().readUInt32BE(0);
}

/** Environment variables that point a gateway at the run's autopilot service. */
function autopilotEnv(input: BenchmarkRunInput, builtin: { url: string; token: string } | undefined): Record<string, string> {
  const target = input.autopilotTarget;
  if (builtin) return { TENSORZERO_AUTOPILOT_API_KEY: builtin.token, TENSORZERO_AUTOPILOT_BASE_URL: builtin.url };
  const env: Record<string, string> = {};
  const key = process.env[target.api_key_env];
  // a custom api_key_env may not look like a secret by its name: mark the value for redaction
  if (key) {
    registerSecret(key);
    env.TENSORZERO_AUTOPILOT_API_KEY = key;
  }
  if (target.base_url) env.TENSORZERO_AUTOPILOT_BASE_URL = target.base_url;
  return env;
}

/**
 * Starts everything a run needs on this worker, in dependency order: the simulated provider,
 * the built-in autopilot (it needs the train gateway's URL, so ports are fixed first), the
 * train and test gateways, and the interlocutor's gateway when its config file exists.
 * On any failure, what was started is stopped again.
 */
export interface StartRunResourcesOptions {
  /** a new run (baseline): TensorZero-binary gateways start on freshly reset databases; restores keep theirs */
  freshDatabases?: boolean;
}

export async function startRunResources(
  input: BenchmarkRunInput,
  recordGatewayDir: (logDir: string) => Promise<void> = async () => undefined,
  options: StartRunResourcesOptions = {},
): Promise<RunResources> {
  const configFile = configFileOf(input.workDir);
  const trainDir = gatewayDir(input.workDir);
  const testDir = testGatewayDir(input.workDir);
  const started: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const stop of started.reverse()) await stop().catch((err) => log.warn({ err: String(err) }, 'stop failed'));
    started.length = 0;
  };
  try {
    // AUTOPILOT_BENCH_SIM_LATENCY_SCALE stretches the simulated latency (crash tests use it to make rollouts last).
    const latencyScale = Number(process.env.AUTOPILOT_BENCH_SIM_LATENCY_SCALE ?? 1);
    const sim: LocalServer = await createSimProviderServer({ seed: runSeed(input), latencyScale });
    started.push(() => sim.close());
    const interlocutorFile = path.resolve(input.cwd, input.interlocutor.config_file);
    // `local::` models: the worker's own llama.cpp server, shared by every gateway of the run
    const local = await startLocalServerForRun({
      settings: { env: input.env, autopilot: input.autopilotTarget },
      configDir: path.dirname(configFile),
      interlocutorFile,
      logDir: path.join(trainDir, 'local-models'),
    });
    if (local) started.push(() => local.stop());
    // calls that wait on a CPU-run model get infra.local_model_timeout, not fetch's 300 s header limit
    const slow: InferenceFetch | undefined = local ? createInferenceFetch(input.infra.local_model_timeout * 1000) : undefined;
    if (slow) started.push(() => slow.close());
    const loopbackEnv = {
      AUTOPILOT_BENCH_SIM_URL: sim.url,
      ...(local && slow ? { AUTOPILOT_BENCH_LOCAL_URL: local.url, [LOCAL_TIMEOUT_VARIABLE]: String(slow.timeoutMs) } : {}),
    };

    const trainPort = input.infra.gateway_port === 0 ? await freePort() : input.infra.gateway_port;
    const testPort = input.infra.test_gateway_port === 0 ? await freePort() : input.infra.test_gateway_port;
    const trainUrl = `http://127.0.0.1:${trainPort}`;

    let builtin: { url: string; token: string } | undefined;
    // every session of an autopilot the worker runs is metered against the same budget
    const budget = new BudgetLedger(input.autopilotBudget ?? NO_BUDGET);
    const target = input.autopilotTarget;
    if (target.kind === 'builtin' || target.kind === 'python_optimizer') {
      const token = randomBytes(24).toString('hex');
      const common = {
        apiToken: token,
        gatewayUrl: trainUrl,
        budget,
        // the run's seed draws the random_edit control's edits
        strategy: { ...strategyOptionsFromYaml(target.builtin), seed: runSeed(input) },
        // rejected candidates and the operator's answer outlive a worker restart
        memoryFile: path.join(autopilotRoot(input.workDir), 'builtin-memory.json'),
        // a dry run or a prompt rewrite on a CPU-run local model can take minutes
        gatewayTimeoutMs: slow?.timeoutMs,
        gatewayFetch: slow?.fetch,
      };
      const server: LocalServer =
        target.kind === 'python_optimizer' && target.python_optimizer
          ? await createOptimizerAutopilotServer({
              ...common,
              optimizer: {
                ...optimizerSettingsFromYaml(target.python_optimizer, runSeed(input), input.autopilotBudget?.max_model_calls),
                // the helper's own HTTP wait must outlast the gateway's wait for a local model
                ...(slow ? { requestTimeoutS: Math.ceil(slow.timeoutMs / 1000) + 30 } : {}),
              },
            })
          : await createBuiltinAutopilotServer(common);
      started.push(() => server.close());
      builtin = { url: server.url, token };
    }

    const kind = input.infra.gateway_binary_path ? 'tensorzero' : 'builtin';
    const databases = kind === 'tensorzero' ? tensorzeroDatabaseEnv(input.runId, process.env) : { train: {}, test: {} };
    // TensorZero resolves `sim::` models only through [models] entries pointing at this run's simulator.
    if (kind === 'tensorzero') await writeSimModelsToml(path.dirname(configFile), sim.url);
    const seed = effectiveSeed(input.seed, input.env);
    // the built-in gateway's seeded experiments (ours); TensorZero's keep their own randomness
    const seedEnv: Record<string, string> = kind === 'builtin' && seed !== null ? { [GATEWAY_SEED_VARIABLE]: String(seed) } : {};
    const baseEnv = { ...loopbackEnv, ...autopilotEnv(input, builtin), ...seedEnv };
    const common = {
      kind,
      binaryPath: input.infra.gateway_binary_path ?? undefined,
      configFile,
      configFileArgument: kind === 'tensorzero' ? path.join(path.dirname(configFile), '*.toml') : undefined,
      host: '127.0.0.1',
      startupTimeoutMs: input.infra.gateway_startup_timeout * 1000,
      shutdownTimeoutMs: input.infra.gateway_shutdown_timeout * 1000,
      resetPostgresOnFirstStart: kind === 'tensorzero' && options.freshDatabases === true,
    } as const;
    const train = await createGatewayProcess({
      ...common,
      role: 'train',
      port: trainPort,
      logDir: trainDir,
      env: { ...baseEnv, ...databases.train, AUTOPILOT_BENCH_GATEWAY_STORE: trainStoreFile(input.workDir) },
    });
    const test = await createGatewayProcess({
      ...common,
      role: 'test',
      port: testPort,
      logDir: testDir,
      env: { ...baseEnv, ...databases.test, AUTOPILOT_BENCH_GATEWAY_STORE: testStoreFile(input.workDir) },
    });
    await recordGatewayDir(trainDir);
    await recordGatewayDir(testDir);
    await train.start();
    started.push(async () => void (await train.stop()));
    await test.start();
    started.push(async () => void (await test.stop()));

    let interlocutor: Interlocutor | undefined;
    if (existsSync(interlocutorFile)) {
      const gateway = await createGatewayProcess({
        ...common,
        kind: 'builtin',
        binaryPath: undefined,
        configFile: interlocutorFile,
        configFileArgument: undefined,
        resetPostgresOnFirstStart: false,
        role: 'interlocutor',
        port: await freePort(),
        logDir: interlocutorDir(input.workDir),
        env: loopbackEnv,
      });
      await recordGatewayDir(interlocutorDir(input.workDir));
      await gateway.start();
      started.push(async () => void (await gateway.stop()));
      interlocutor = createGatewayInterlocutor(gateway.url, slow ? { requestTimeoutMs: slow.timeoutMs, fetch: slow.fetch } : {});
    } else {
      log.warn({ file: interlocutorFile }, 'interlocutor config not found; autopilot questions get a fixed reply');
    }

    return {
      runId: input.runId,
      train,
      test,
      // an episode's call to a CPU-run local model may wait behind others in the local queue
      trainClient: createGatewayClient(train.url, slow ? { timeoutMs: slow.timeoutMs, fetch: slow.fetch } : {}),
      testClient: createGatewayClient(test.url, slow ? { timeoutMs: slow.timeoutMs, fetch: slow.fetch } : {}),
      interlocutor,
      autopilotBudgetUsage: (sessionId) => budget.usage(sessionId),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The interlocutor gateway's logs (ours; the original ran it embedded). */
export function interlocutorDir(workDir: string): string {
  return path.join(gatewayDir(workDir), 'interlocutor');
}

/** Restart order of the original after config edits: stop test, stop train, start train, start test. */
export async function restartGateways(resources: RunResources): Promise<void> {
  await resources.test.stop();
  await resources.train.stop();
  await resources.train.start();
  await resources.test.start();
}
