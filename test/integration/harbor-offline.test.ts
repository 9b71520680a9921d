import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * configs/harbor-fixtures-offline.yaml as shipped (baseline + 2 iterations) on a real Temporal dev
 * server: the fixture tasks on the real harbor package in the local sandbox, graded by Harbor's
 * verifier, the agent a simulated model through the built-in gateway, the built-in autopilot.
 */
jest.setTimeout(900_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'harbor-offline-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (process.env.KEEP_HARBOR_OUT === undefined) rmSync(root, { recursive: true, force: true });
});

interface MetricSummary {
  n: number;
  n_episodes?: number;
  variants: Record<string, { mean: number; n: number }>;
}
interface Iteration {
  phase: string;
  num_failed: number;
  metrics: { train: Record<string, MetricSummary>; test: Record<string, MetricSummary> };
  train_rollout_metrics: Record<string, MetricSummary>;
}

test('the Harbor fixtures run offline: baseline and two autopilot iterations with verifier rewards', async () => {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'harbor-fixtures-offline.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, 'harbor-fixtures-offline.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const result = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'out'), '--seed', '3'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`the run failed:\n${result.all.slice(-5000)}`);
  const envDir = path.join(root, 'out', 'harbor-fixtures');
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  const iterations: Iteration[] = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8'));
  expect(iterations.map((it) => it.phase)).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  for (const it of iterations) {
    expect(it.num_failed).toBe(0);
    expect(Object.keys(it.metrics.test).sort()).toEqual(['resolved', 'reward']);
    // the test split has two tasks: each runs once
    expect(it.metrics.test.reward.n_episodes).toBe(2);
    expect(it.train_rollout_metrics.reward.n_episodes).toBe(12);
  }
  // verifier rewards are 0 or 1, and both happen: some variants' episodes solve tasks, others fail them
  const means = iterations.flatMap((it) => Object.values(it.train_rollout_metrics.reward.variants).map((v) => v.mean));
  for (const mean of means) {
    expect(mean).toBeGreaterThanOrEqual(0);
    expect(mean).toBeLessThanOrEqual(1);
  }
  expect(Math.min(...means)).toBeLessThan(Math.max(...means));
  // the autopilot's iterations deployed variants of its own
  expect(iterations.slice(1).every((it) => Object.keys(it.train_rollout_metrics.reward.variants).some((v) => v !== 'initial'))).toBe(true);
  expect(result.stdout).toContain('Run Summary: harbor_v0');
});
