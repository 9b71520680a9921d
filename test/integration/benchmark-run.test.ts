import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { freePort } from '../../common/ports';
import { stopTemporalServer } from '../../client/temporal-server';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';

/**
 * One complete benchmark run through the real CLI: it finds no Temporal server at
 * TEMPORAL_ADDRESS, starts a dev server itself, runs a worker in-process, which starts the
 * built-in gateway processes, the simulated provider and the built-in autopilot. Everything
 * is real; the models are simulated (no network here).
 */
const SECRET = 'sk-integration-secret-0123456789';

let stateDir: string;
let workRoot: string;
let port: number;
let result: CliResult;
let runDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
  workRoot = mkdtempSync(path.join(os.tmpdir(), 'bench-out-'));
  port = await freePort();
  const quickstart = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  quickstart.interlocutor = { config_file: path.join(REPO_ROOT, quickstart.interlocutor.config_file) };
  quickstart.environments[0].num_iterations = 1;
  const configFile = path.join(workRoot, 'small.yaml');
  writeFileSync(configFile, stringifyYaml(quickstart));
  result = await runCli(['run', '--config', configFile, '--work-dir', workRoot, '--episodes', '12', '--seed', '7'], {
    env: { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, AUTOPILOT_BENCH_STATE_DIR: stateDir, OPENAI_API_KEY: SECRET },
  });
  const envDir = path.join(workRoot, 'ner_conllpp_v0');
  runDir = existsSync(envDir) ? path.join(envDir, readdirSync(envDir)[0]) : '';
}, 600_000);

afterAll(() => {
  stopTemporalServer(stateDir, port);
});

function readJson(file: string) {
  return JSON.parse(readFileSync(path.join(runDir, file), 'utf8'));
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

test('the run completes and prints the summary table', () => {
  if (result.exitCode !== 0) throw new Error(`CLI failed (${result.exitCode}):\n${result.all}`);
  expect(result.stdout).toContain('Run Summary: ner_conllpp_v0');
  expect(result.stdout).toContain('Metric: exact_match');
  expect(result.stdout).toMatch(/Iteration 1 \(post_autopilot\) \[autopilot: \d+ turns, \d+ writes, idle\]/);
  expect(path.basename(runDir)).toMatch(/^\d{8}T\d{6}Z_seed7$/);
});

test('run.json and iterations.json record both iterations', () => {
  const run = readJson('results/run.json');
  expect(run.status).toBe('completed');
  expect(run.environment_name).toBe('ner_conllpp_v0');
  expect(run.seed).toBe(7);
  expect(run.autopilot_target).toBe('builtin');
  const iterations = readJson('results/iterations.json');
  expect(iterations.map((it: { iteration_number: number; phase: string }) => [it.iteration_number, it.phase])).toEqual([
    [0, 'baseline'],
    [1, 'post_autopilot'],
  ]);
  expect(iterations[0].num_episodes).toBe(24);
  expect(iterations[0].metrics.train.exact_match.variants.initial.n).toBe(12);
  expect(iterations[0].metrics.test.exact_match.n_episodes).toBe(12);
  expect(iterations[1].autopilot_final_status).toBe('idle');
  expect(iterations[1].autopilot_config_writes).toBeGreaterThan(1);
  expect(iterations[1].active_variants.length).toBeGreaterThan(1);
});

test('the autopilot\'s edits were applied to the config', () => {
  const flattened = readJson('autopilot/iteration_001/config_writes.flattened.json');
  const session = readJson('autopilot/iteration_001/session_result.json');
  expect(session.config_writes_count).toBe(flattened.length);
  expect(readFileSync(path.join(runDir, 'autopilot/iteration_001/initial_message.txt'), 'utf8')).toContain('- sim::large');
  const config = parseToml(readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8')) as any;
  const fn = config.functions['ner_conllpp_v0::extract_entities'];
  expect(Object.keys(fn.variants).length).toBeGreaterThan(1);
  expect(fn.experimentation.type).toBe('track_and_stop');
  expect(fn.experimentation.candidate_variants).toContain('initial');
});

test('every artifact of the original layout exists', () => {
  for (const file of [
    'config/tensorzero.toml',
    'gateway/gateway.stdout.log',
    'gateway/gateway.stderr.log',
    'gateway/runtime.json',
    'gateway/test/gateway.stdout.log',
    'gateway/test/runtime.json',
    'autopilot/iteration_001/config_writes.raw.json',
    'rollouts/iteration_000/baseline/train/episode_timings.jsonl',
    'rollouts/iteration_000/baseline/test/episode_timings.jsonl',
    'rollouts/iteration_001/post_autopilot/train/episode_timings.jsonl',
    'rollouts/iteration_001/post_autopilot/test/episode_timings.jsonl',
  ]) {
    expect(existsSync(path.join(runDir, file))).toBe(true);
  }
  const timings = readFileSync(path.join(runDir, 'rollouts/iteration_000/baseline/test/episode_timings.jsonl'), 'utf8').trim().split('\n');
  expect(timings).toHaveLength(12);
  expect(JSON.parse(timings[0])).toMatchObject({ episode_num: 1, success: true, variant_name: 'initial' });
});

test('no API key value reaches logs, artifacts or the console', () => {
  expect(result.all).not.toContain(SECRET);
  for (const file of allFiles(runDir)) {
    if (file.endsWith('.sqlite') || file.endsWith('-wal') || file.endsWith('-shm')) continue;
    expect({ file, leaked: readFileSync(file, 'utf8').includes(SECRET) }).toEqual({ file, leaked: false });
  }
});

test('the Temporal Web UI lists the run', async () => {
  const info = JSON.parse(readFileSync(path.join(stateDir, `temporal-${port}.json`), 'utf8'));
  const response = await fetch(`http://127.0.0.1:${info.uiPort}/api/v1/namespaces/default/workflows?query=${encodeURIComponent('Environment="ner_conllpp_v0"')}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { executions?: { execution: { workflowId: string }; status: string }[] };
  const ids = (body.executions ?? []).map((e) => e.execution.workflowId);
  expect(ids.some((id) => id.startsWith('bench-ner_conllpp_v0-') && /-seed7-[0-9a-f]{8}$/.test(id))).toBe(true);
});
