import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The 21 Questions and BabyAI quickstarts end to end on a real dev server, shortened (6
 * episodes, 1 iteration): native 21 Questions with its helper functions through the gateway,
 * and BabyAI on the real minigrid package through the Python bridge.
 */
jest.setTimeout(300_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'quickstarts-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function runQuickstart(file: string, envName: string) {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', file), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, file);
  writeFileSync(configFile, stringifyYaml(config));
  const result = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'out'), '--episodes', '6', '--num-iterations', '1', '--seed', '2'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`${file} failed:\n${result.all.slice(-5000)}`);
  const envDir = path.join(root, 'out', envName);
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  return {
    stdout: result.stdout,
    iterations: JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8')),
    config: readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8'),
  };
}

test('21 Questions: the agent is measured, the helper functions are not, and the autopilot edits the agent', async () => {
  const run = await runQuickstart('quickstart-21q.yaml', '21_questions_v0');
  expect(run.iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(Object.keys(run.iterations[0].metrics.test).sort()).toEqual(['num_questions', 'solved']);
  expect(run.iterations[0].metrics.train.solved.n).toBe(6);
  expect(run.iterations[1].autopilot_final_status).toBe('idle');
  // the new variants went to the measured function, not to the answerer
  expect(run.config).toMatch(/\[functions\."21_questions_v0::ask_question"\.variants\.ap_/);
  expect(run.config).not.toMatch(/\[functions\."21_questions_v0::answer_question"\.variants\.ap_/);
});

test('BabyAI on minigrid through the bridge: a whole run with step rewards and episode success', async () => {
  const run = await runQuickstart('quickstart-babyai.yaml', 'babyai_pickup_v0');
  expect(run.iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(Object.keys(run.iterations[0].metrics.test).sort()).toEqual(['reward', 'success']);
  expect(run.iterations[0].metrics.test.success.n_episodes).toBe(6);
  expect(run.iterations[0].num_failed).toBe(0);
  expect(run.stdout).toContain('Run Summary: babyai_pickup_v0');
});
