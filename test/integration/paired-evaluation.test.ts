import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The paired test evaluation on the quickstart (simulated models, built-in gateway and
 * autopilot, real dev server and worker through the real CLI) with its default settings (two
 * iterations, 40 train and 40 test episodes, 8 concurrent episodes) and a YAML seed: every
 * evaluation is recorded on one fixed task set, the summary leads with it, and two runs with the
 * same seed give identical evaluation numbers in every iteration. That needs the whole train side
 * to repeat itself: seeded episode ids and the built-in gateway's seeded experiment (draws keyed
 * by the ids, no timer), and the autopilot reading its train data in content order
 * (docs/evaluation.md, "Reproducibility").
 */
jest.setTimeout(600_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'paired-evaluation-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The YAML seed, not `--seed`: the run must honour it. */
async function runQuickstart(name: string, seed: number, configName = 'quickstart.yaml', extraArgs: string[] = []) {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', configName), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  config.environments[0].seed = seed;
  const configFile = path.join(root, `${name}.yaml`);
  writeFileSync(configFile, stringifyYaml(config));
  const workDir = path.join(root, name);
  const result = await runCli(['run', '--config', configFile, '--work-dir', workDir, ...extraArgs], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`${name} failed:\n${result.all.slice(-5000)}`);
  const envDir = path.join(workDir, config.environments[0].name);
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  return {
    stdout: result.stdout,
    run: JSON.parse(readFileSync(path.join(runDir, 'results/run.json'), 'utf8')),
    iterations: JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8')) as Record<string, any>[],
  };
}

/** The evaluation's numbers without wall-clock latencies, which differ from run to run. */
function evaluationNumbers(iterations: Record<string, any>[]) {
  const LATENCIES = ['latency_ms_p50', 'latency_ms_p90', 'episode_latency_ms_p50', 'episode_latency_ms_p90'];
  const withoutLatency = (cost: Record<string, unknown>) => Object.fromEntries(Object.entries(cost).filter(([key]) => !LATENCIES.includes(key)));
  return iterations.map(({ paired_evaluation: p }) => ({
    ...p,
    cost: withoutLatency(p.cost),
    cost_by_variant: Object.fromEntries(Object.entries(p.cost_by_variant as Record<string, Record<string, unknown>>).map(([v, c]) => [v, withoutLatency(c)])),
  }));
}

test('every iteration holds the paired evaluation on one task set; the same seed gives the same numbers', async () => {
  const first = await runQuickstart('first', 5);
  const second = await runQuickstart('second', 5);
  expect(first.run.seed).toBe(5);

  const [baseline, ...later] = first.iterations.map((it) => it.paired_evaluation);
  expect(first.iterations.map((it) => it.iteration_number)).toEqual([0, 1, 2]);
  expect(baseline).toMatchObject({
    metric_name: 'exact_match',
    metric_type: 'boolean',
    optimize: 'max',
    policy: { kind: 'frozen_routing', routing: { initial: 1 }, assignments: { initial: 40 } },
    n_tasks: 40,
    repeats: 1,
    seed: 5,
    delta: null,
    p_value: null,
    test: null,
    pass_k: null,
  });
  expect(baseline.baseline.method).toBe('wilson');
  expect(baseline.task_ids).toHaveLength(40);
  expect(new Set(baseline.task_ids).size).toBe(40);
  // spread over the split, not its first 40 tasks
  expect(baseline.task_ids).not.toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
  for (const p of later) {
    expect(p.task_ids).toEqual(baseline.task_ids);
    expect(p.baseline).toEqual(baseline.baseline);
    expect(p.test).toBe('mcnemar_exact');
    expect(p.p_value).toBeGreaterThan(0);
    expect(p.p_value).toBeLessThanOrEqual(1);
    expect(p.delta.ci[0]).toBeLessThanOrEqual(p.delta.mean);
    expect(p.delta.ci[1]).toBeGreaterThanOrEqual(p.delta.mean);
    expect(Object.values(p.policy.assignments as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(40);
    expect(p.cost.tokens_per_episode).toBeGreaterThan(0);
  }
  // the per-variant test metrics count exactly the pinned assignments
  const last = first.iterations[2];
  for (const [variant, n] of Object.entries(last.paired_evaluation.policy.assignments as Record<string, number>)) {
    expect(last.metrics.test.exact_match.variants[variant].n_episodes).toBe(n);
  }
  expect(last.train_metrics_scope).toBe('cumulative_gateway_store');
  expect(last.train_rollout_metrics.exact_match.n_episodes).toBe(40);
  // cumulative: the baseline's 40 train episodes and each iteration's 40
  expect(last.metrics.train.exact_match.n).toBe(120);

  const lines = first.stdout.split('\n');
  const answer = lines.findIndex((l) => l.includes('The answer: frozen policy vs baseline on the same 40 test tasks (seed 5)'));
  expect(answer).toBeGreaterThan(-1);
  expect(answer).toBeLessThan(lines.findIndex((l) => l.startsWith('Iteration 0 (baseline)')));

  // every iteration, the frozen routing included, and the train side that led to it
  expect(evaluationNumbers(second.iterations)).toEqual(evaluationNumbers(first.iterations));
  expect(second.iterations.map((it) => it.train_rollout_metrics)).toEqual(first.iterations.map((it) => it.train_rollout_metrics));
});

// 21 Questions has no task list: its games are generated from seeded game keys per slot
// (evaluation/test-plan.ts), so the baseline and every iteration play the same games, and a
// rerun with the same seed plays them again. Before the keys, games were named by episode ids
// (which carry the wall clock), so neither held.
test('a generated environment (21 Questions) repeats its games: same seed, same numbers', async () => {
  const args = ['--num-iterations', '1', '--episodes', '12'];
  const first = await runQuickstart('21q-first', 3, 'quickstart-21q.yaml', args);
  const second = await runQuickstart('21q-second', 3, 'quickstart-21q.yaml', args);
  expect(first.iterations.map((it) => it.paired_evaluation.task_ids)).toEqual(first.iterations.map(() => Array.from({ length: 12 }, (_, i) => `slot-${i + 1}`)));
  expect(evaluationNumbers(second.iterations)).toEqual(evaluationNumbers(first.iterations));
  expect(second.iterations.map((it) => it.train_rollout_metrics)).toEqual(first.iterations.map((it) => it.train_rollout_metrics));
});
