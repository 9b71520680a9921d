import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The third-party optimisers as autopilots, end to end on the simulator through the built CLI:
 * `arena` runs GEPA, DSPy MIPROv2 and DSPy GEPA (`python_optimizer` runs on seeds 1 and 3, a small
 * budget) and writes its ranked table; a separate run with a three-call budget shows an overrun
 * being stopped. The optimisers run for real in .venv-optimizers (scripts/setup.sh); every model
 * call goes through the run's train gateway to the simulated provider.
 */
jest.setTimeout(900_000);

const OPTIMIZERS = ['gepa', 'dspy_mipro', 'dspy_gepa'] as const;
const FUNCTION = 'ner_conllpp_v0::extract_entities';

let server: DevServer;
let workRoot: string;
let arena: CliResult;
let overrun: CliResult;

function config(budget: number, target?: Record<string, unknown>): string {
  const yaml = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  yaml.autopilot_budget = { max_model_calls: budget };
  if (target) yaml.autopilot_target = target;
  yaml.interlocutor = { config_file: path.join(REPO_ROOT, yaml.interlocutor.config_file) };
  const file = path.join(workRoot, `budget-${budget}.yaml`);
  writeFileSync(file, stringifyYaml(yaml));
  return file;
}

function runDirOf(root: string, seed = 1): string {
  const envDir = path.join(root, 'ner_conllpp_v0');
  return path.join(envDir, readdirSync(envDir).find((name) => name.endsWith(`_seed${seed}`))!);
}

const SEEDS = [1, 3];

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

beforeAll(async () => {
  server = await startDevServer();
  workRoot = mkdtempSync(path.join(os.tmpdir(), 'python-optimizers-'));
  const env = { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir };
  const common = ['--num-iterations', '1', '--episodes', '20'];
  arena = await runCli(['arena', '--config', config(60), '--autopilots', OPTIMIZERS.join(','), '--seeds', SEEDS.join(','), '--work-dir', path.join(workRoot, 'arena'), '--json', ...common], { env, timeoutMs: 800_000 });
  const tiny = config(3, { kind: 'python_optimizer', python_optimizer: { optimizer: 'gepa', max_metric_calls: 20 } });
  overrun = await runCli(['run', '--config', tiny, '--seed', '1', '--work-dir', path.join(workRoot, 'overrun'), ...common], { env, timeoutMs: 400_000 });
}, 900_000);

afterAll(async () => {
  await server?.stop();
  if (workRoot) rmSync(workRoot, { recursive: true, force: true });
});

test('the arena command ran every optimiser and wrote the ranked table as Markdown and JSON', () => {
  if (arena.exitCode !== 0) throw new Error(`arena failed (${arena.exitCode}):\n${arena.all.slice(-6000)}`);
  const report = readJson(path.join(workRoot, 'arena', 'arena.json'));
  expect(arena.stdout).toContain(JSON.stringify(report, null, 2));
  expect(report.environment).toBe('ner_conllpp_v0');
  expect(report.rows.map((r: { autopilot: string }) => r.autopilot).sort()).toEqual([...OPTIMIZERS].sort());
  expect(report.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
  for (const row of report.rows) {
    expect(Object.keys(row.versus).sort()).toEqual(OPTIMIZERS.filter((o) => o !== row.autopilot).sort());
    // every test task of both seeds is compared with each other autopilot's: 2 × 20 tasks
    for (const tally of Object.values(row.versus) as { wins: number; losses: number; ties: number }[]) expect(tally.wins + tally.losses + tally.ties).toBe(40);
  }
  expect(readFileSync(path.join(workRoot, 'arena', 'arena.md'), 'utf8')).toContain('| 1 | ');
});

test.each(OPTIMIZERS)('%s: its model calls went through the gateway and were counted against the budget', (optimizer) => {
  let calls = 0;
  for (const seed of SEEDS) {
    const runDir = runDirOf(path.join(workRoot, 'arena', optimizer), seed);
    const iterations = readJson(path.join(runDir, 'results', 'iterations.json'));
    const budget = iterations[1].autopilot_budget;
    expect(budget.limit).toEqual({ max_model_calls: 60, max_cost_usd: null });
    expect(budget.model_calls).toBeGreaterThan(0);
    expect(budget.model_calls).toBeLessThanOrEqual(60);
    // the simulated provider reports a cost for every call, so counted calls cost something
    expect(budget.cost_usd).toBeGreaterThan(0);
    expect(iterations[1].paired_evaluation).not.toBeNull();
    expect(readJson(path.join(runDir, 'results', 'run.json')).autopilot_target).toBe('python_optimizer');
    calls += budget.model_calls;
  }
  const row = readJson(path.join(workRoot, 'arena', 'arena.json')).rows.find((r: { autopilot: string }) => r.autopilot === optimizer);
  expect(row.model_calls).toBe(calls);
});

/** Seeds on which each optimiser, in these runs, found a prompt better than the deployed one (measured; DSPy GEPA found none on the simulator). */
const WRITES: [string, number][] = [
  ['gepa', 1],
  ['dspy_mipro', 3],
];

test.each(WRITES)('%s writes a new prompt on seed %i, and it is applied to the config and evaluated', (optimizer, seed) => {
  const runDir = runDirOf(path.join(workRoot, 'arena', optimizer), seed);
  const iterations = readJson(path.join(runDir, 'results', 'iterations.json'));
  const written = readJson(path.join(runDir, 'autopilot', 'iteration_001', 'config_writes.flattened.json')) as { operation: string; variant_name?: string }[];
  const config = parseToml(readFileSync(path.join(runDir, 'config', 'tensorzero.toml'), 'utf8')) as any;
  const variants = written.filter((e) => e.operation === 'upsert_variant').map((e) => e.variant_name!);
  expect(written.map((e) => e.operation)).toEqual(['upsert_variant', 'upsert_experimentation']);
  expect((written[1] as unknown as { experimentation: { candidate_variants: string[] } }).experimentation.candidate_variants).toEqual(['initial', variants[0]]);
  expect(iterations[1].autopilot_edits.rejected).toEqual([]);
  expect(iterations[1].autopilot_edits.applied).toHaveLength(written.length);
  for (const name of variants) {
    expect(name).toContain(optimizer.replace('_', ''));
    expect(config.functions[FUNCTION].variants[name]).toMatchObject({ type: 'chat_completion', model: 'sim::small' });
    // the frozen test policy routes by the experiment over the written variant and the best one
    expect(Object.keys(iterations[1].paired_evaluation.policy.routing)).toContain(name);
  }
});

test('a budget overrun is stopped: calls beyond the limit are refused, nothing is written, the run is scored as it stands', () => {
  if (overrun.exitCode !== 0) throw new Error(`run failed (${overrun.exitCode}):\n${overrun.all.slice(-6000)}`);
  const runDir = runDirOf(path.join(workRoot, 'overrun'));
  const iterations = readJson(path.join(runDir, 'results', 'iterations.json'));
  expect(iterations[1].autopilot_budget).toMatchObject({ limit: { max_model_calls: 3, max_cost_usd: null }, model_calls: 3, stopped: true });
  expect(iterations[1].autopilot_budget.refused_calls).toBeGreaterThan(0);
  expect(iterations[1].autopilot_config_writes).toBe(0);
  expect(iterations[1].paired_evaluation.delta.mean).toBe(0);
  // the optimiser says so in the session, whose events the harness keeps (the quiet console does not print them)
  expect(readFileSync(path.join(runDir, 'autopilot', 'iteration_001', 'session_events.json'), 'utf8')).toContain('stopped: the harness refused a model call');
  expect(existsSync(path.join(runDir, 'autopilot', 'iteration_001', 'session_result.json'))).toBe(true);
});
