import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The offline τ-bench configs end to end on a real dev server, shortened (4 tasks, each run
 * twice in test): both domains on the real tau2 package and evaluator through the Python
 * bridge, the agent and the customer both simulated models behind the run's built-in gateway
 * (the customer as `simulate_user`), baseline + 2 iterations of the built-in autopilot.
 * Needs .venv-tau2 (scripts/setup.sh) or AUTOPILOT_BENCH_TAU2_PYTHON.
 */
jest.setTimeout(900_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'tau-offline-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Iteration {
  phase: string;
  num_failed: number;
  metrics: { train: Record<string, { n: number }>; test: Record<string, { n: number; n_episodes?: number }> };
  paired_evaluation: { n_tasks: number; repeats: number; pass_k: { k: number; pass_hat_k: number; pass_at_k: number } | null };
}

async function runOffline(domain: 'airline' | 'retail') {
  const file = `tau-${domain}-offline.yaml`;
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', file), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, file);
  writeFileSync(configFile, stringifyYaml(config));
  const workDir = path.join(root, `out-${domain}`);
  const result = await runCli(['run', '--config', configFile, '--work-dir', workDir, '--episodes', '4', '--seed', '2'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`${file} failed:\n${result.all.slice(-5000)}`);
  const envDir = path.join(workDir, `tau_bench_${domain}_v0`);
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  return {
    stdout: result.stdout,
    iterations: JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8')) as Iteration[],
    config: readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8'),
  };
}

test.each(['airline', 'retail'] as const)('τ-bench %s offline: baseline + 2 iterations on tau2’s evaluator, with per-iteration metrics and pass^2', async (domain) => {
  const run = await runOffline(domain);
  expect(run.iterations.map((it) => it.phase)).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  for (const [i, it] of run.iterations.entries()) {
    expect(it.num_failed).toBe(0);
    expect(Object.keys(it.metrics.test).sort()).toEqual(['reward', 'success']);
    // train metrics accumulate over the run's train rollouts (4 episodes each)
    expect(it.metrics.train.success.n).toBe(4 * (i + 1));
    // 4 test tasks, each run twice
    expect(it.metrics.test.success.n).toBe(8);
    expect(it.paired_evaluation).toMatchObject({ n_tasks: 4, repeats: 2 });
    const passK = it.paired_evaluation.pass_k!;
    expect(passK.k).toBe(2);
    expect(passK.pass_hat_k).toBeGreaterThanOrEqual(0);
    expect(passK.pass_at_k).toBeGreaterThanOrEqual(passK.pass_hat_k);
    expect(passK.pass_at_k).toBeLessThanOrEqual(1);
  }
  // the customer is a helper function of its own on the configured model, never the measured one
  expect(run.config).toContain(`[functions."tau_bench_${domain}_v0::simulate_user".variants.initial]`);
  expect(run.config).not.toMatch(new RegExp(`\\[functions\\."tau_bench_${domain}_v0::simulate_user"\\.variants\\.ap_`));
  expect(run.stdout).toContain('pass^2');
});
