/**
 * τ-bench airline and retail end to end on simulated models: a T0 config generated from the
 * spec, the built-in gateway in this process, the simulated provider behind it, the real bridge
 * in .venv-tau2 and tau2's own evaluator. The agent (`act`) and the customer (`simulate_user`,
 * through the gateway) are both sim:: models answered by the τ oracles.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { createGatewayServer, type GatewayServer } from '../../builtin-gateway';
import { createGatewayClient } from '../../gateway/client';
import { generateT0Config } from '../../gateway/t0-config';
import type { GatewayClient } from '../../gateway/types';
import { runRollout } from '../../rollouts/run-rollout';
import { createSimProviderServer } from '../../sim-provider/server';
import type { SimProviderServer } from '../../sim-provider/types';
import { BUILTIN_ORACLES } from '../../workers/sim-oracles';
import { tauBenchAirline, tauBenchRetail } from '../../environments/bridge/definitions';
import type { EnvironmentDefinition } from '../../environments/types';

const ENV_CONFIG = { user_model: { model: 'sim::large' } };

let tmp: string;
let sim: SimProviderServer;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tau-sim-'));
  sim = await createSimProviderServer({ seed: 3, latencyScale: 0, oracles: BUILTIN_ORACLES });
});
afterAll(async () => {
  await sim?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function gatewayFor(definition: EnvironmentDefinition, model: string): Promise<{ gateway: GatewayServer; client: GatewayClient }> {
  const spec = await definition.describe(ENV_CONFIG);
  const config = await generateT0Config({ spec, initialModel: model, outDir: path.join(tmp, `${definition.name}-${model.replace('::', '-')}`) });
  const gateway = await createGatewayServer({ configFile: config.configFile, env: { AUTOPILOT_BENCH_SIM_URL: sim.url }, logger: pino({ level: 'silent' }), scheduleExperimentation: false });
  return { gateway, client: createGatewayClient(gateway.url) };
}

it.each([[tauBenchAirline], [tauBenchRetail]])('%s', async (definition) => {
  const { gateway, client } = await gatewayFor(definition, 'sim::large');
  try {
    const out = path.join(tmp, 'out');
    const result = await runRollout({ gateway: client, environment: definition, envConfig: ENV_CONFIG, episodes: 6, concurrency: 3, taskSplit: 'test', episodeTimeoutMs: 300_000, seed: 1, uniqueTasks: true, outputDir: out });
    console.log(JSON.stringify(result.episode_results.map((e) => [e.task_idx, e.feedback_values, e.error]), null, 0));
  } finally {
    await gateway.close();
  }
}, 600_000);
