import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { LOCAL_MODELS } from '../../local-models/catalog';
import { modelCacheDir } from '../../local-models/model-cache';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * (SmolLM2 under the NER JSON grammar can ramble: outputs are capped at 96 tokens to keep CI short.)
 * configs/local-smoke.yaml end to end on a real Temporal dev server: the worker starts the
 * local llama.cpp server for `local::smollm2-135m`, and the baseline and one autopilot
 * iteration run through the built-in gateway against the real model.
 */
const modelFile = path.join(modelCacheDir(), LOCAL_MODELS['smollm2-135m'].fileName);
if (!existsSync(modelFile)) throw new Error(`${modelFile} is missing: run \`node dist/client/main.js models pull smollm2-135m\` (setup.sh does it when CI=true)`);

jest.setTimeout(1_800_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'local-smoke-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

test('the local smoke config runs baseline + 1 iteration on a real model', async () => {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'local-smoke.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, 'local-smoke.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const result = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'out'), '--seed', '3'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir, AUTOPILOT_BENCH_MODEL_DIR: modelCacheDir(), AUTOPILOT_BENCH_LOCAL_MAX_TOKENS: '96' },
    timeoutMs: 1_700_000,
  });
  if (result.exitCode !== 0) throw new Error(`local smoke run failed:\n${result.all.slice(-5000)}`);
  const envDir = path.join(root, 'out', 'ner_conllpp_v0');
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  const iterations = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(iterations[0].metrics.test.exact_match.n_episodes).toBe(4);
  // the model answered: the local server's log shows it was started and loaded the model
  const log = readFileSync(path.join(runDir, 'gateway', 'local-models', 'local-inference.log'), 'utf8');
  expect(log).toContain('/v1/');
  const toml = readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8');
  expect(toml).toContain('local::smollm2-135m');
});
