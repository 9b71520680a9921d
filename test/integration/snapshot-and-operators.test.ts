import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The snapshot round trip and the operator commands, through the real CLI against a real dev
 * server: `snapshot` writes the original's snapshot files, `run --snapshot` restores it (same
 * code as crash recovery), records `baseline_restored`, runs one iteration and skips the
 * post-autopilot train rollout; bad snapshots are refused with every problem at once.
 */
jest.setTimeout(300_000);

let server: DevServer;
let root: string;
let configFile: string;
let snapshotDir: string;
let restored: CliResult;
let restoredDir: string;

const cli = (args: string[]) => runCli(args, { env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir } });
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'snapshot-it-'));
  const quickstart = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  quickstart.interlocutor = { config_file: path.join(REPO_ROOT, quickstart.interlocutor.config_file) };
  Object.assign(quickstart.environments[0], { episodes_per_iteration: 8, test_episodes_per_iteration: 8, num_iterations: 3 });
  configFile = path.join(root, 'small.yaml');
  writeFileSync(configFile, stringifyYaml(quickstart));

  const snap = await cli(['snapshot', '--config', configFile, '--work-dir', path.join(root, 'snap-work'), '--snapshot-dir', path.join(root, 'snapshots')]);
  if (snap.exitCode !== 0) throw new Error(`snapshot failed:\n${snap.all}`);
  snapshotDir = /Snapshot: (.+)/.exec(snap.stdout)![1].trim();

  restored = await cli(['run', '--config', configFile, '--snapshot', snapshotDir, '--work-dir', path.join(root, 'restored'), '--seed', '3']);
  if (restored.exitCode !== 0) throw new Error(`run --snapshot failed:\n${restored.all}`);
  restoredDir = /Work dir: (.+)/.exec(restored.stdout)![1].trim();
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

test('snapshot writes the original files under <snapshot-dir>/<env>/<timestamp>', () => {
  expect(path.relative(path.join(root, 'snapshots'), snapshotDir)).toMatch(/^ner_conllpp_v0\/\d{8}T\d{6}Z$/);
  for (const entry of ['config/tensorzero.toml', 'store/train.sqlite', 'baseline_metrics.json', 'baseline_stats.json', 'snapshot_metadata.json']) {
    expect({ entry, exists: existsSync(path.join(snapshotDir, entry)) }).toEqual({ entry, exists: true });
  }
  expect(json(path.join(snapshotDir, 'snapshot_metadata.json'))).toMatchObject({
    env_name: 'ner_conllpp_v0',
    function_name: 'ner_conllpp_v0::extract_entities',
    metric_name: 'exact_match',
    initial_model: 'sim::small',
    episodes_per_iteration: 8,
    task_split: 'train',
    env_config: {},
  });
  const stats = json(path.join(snapshotDir, 'baseline_stats.json'));
  expect(Object.keys(stats.train).sort()).toEqual(['error_counts', 'failed', 'succeeded', 'total', 'variant_metrics']);
  expect(stats.test.total).toBe(8);
  // the snapshot command's work dir: original layout, rollouts under rollouts/baseline/
  expect(existsSync(path.join(root, 'snap-work'))).toBe(true);
});

test('run --snapshot records baseline_restored from the stored metrics and defaults to one iteration', () => {
  const iterations = json(path.join(restoredDir, 'results/iterations.json'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline_restored', 'post_autopilot']);
  const metrics = json(path.join(snapshotDir, 'baseline_metrics.json'));
  expect(iterations[0].metrics).toEqual(metrics);
  expect(restored.stdout).toContain('Iteration 0 (baseline_restored)');
});

test('a snapshot-backed single iteration skips the post-autopilot train rollout', () => {
  const iterations = json(path.join(restoredDir, 'results/iterations.json'));
  expect(iterations[1].metrics.train).toBeNull();
  expect(iterations[1].num_episodes).toBe(8); // test episodes only
  expect(existsSync(path.join(restoredDir, 'rollouts/iteration_001/post_autopilot/train'))).toBe(false);
  expect(existsSync(path.join(restoredDir, 'rollouts/iteration_001/post_autopilot/test/episode_timings.jsonl'))).toBe(true);
  expect(existsSync(path.join(restoredDir, 'rollouts/iteration_000'))).toBe(false);
});

test('a snapshot for another function or metric is refused, listing every mismatch', async () => {
  const bad = path.join(root, 'bad-snapshot');
  cpSync(snapshotDir, bad, { recursive: true });
  const metaFile = path.join(bad, 'snapshot_metadata.json');
  writeFileSync(metaFile, JSON.stringify({ ...json(metaFile), function_name: 'other::fn', metric_name: 'jaccard_similarity' }));
  const result = await cli(['run', '--config', configFile, '--snapshot', bad, '--work-dir', path.join(root, 'never')]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain('other::fn');
  expect(result.stderr).toContain('jaccard_similarity');
  expect(existsSync(path.join(root, 'never'))).toBe(false);
});

test('a snapshot missing files is refused, listing every missing path', async () => {
  const bad = path.join(root, 'incomplete-snapshot');
  cpSync(snapshotDir, bad, { recursive: true });
  rmSync(path.join(bad, 'baseline_stats.json'));
  rmSync(path.join(bad, 'store'), { recursive: true });
  const result = await cli(['run', '--config', configFile, '--snapshot', bad, '--work-dir', path.join(root, 'never')]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain('baseline_stats.json');
  expect(result.stderr).toContain('store');
});

test('status lists the runs and describes one', async () => {
  const list = await cli(['status']);
  expect(list.exitCode).toBe(0);
  const ids = [...list.stdout.matchAll(/^(bench-\S+)/gm)].map((m) => m[1]);
  expect(ids.some((id) => id.startsWith('bench-snapshot-ner_conllpp_v0-'))).toBe(true);
  const runId = ids.find((id) => /-seed3-[0-9a-f]{8}$/.test(id))!;
  const one = await cli(['status', runId]);
  expect(one.exitCode).toBe(0);
  expect(one.stdout).toContain(`workflow:    ${runId}`);
  expect(one.stdout).toMatch(/status: +COMPLETED \(completed\)/);
  expect(one.stdout).toContain(`work dir:    ${restoredDir}`);
});

test('a decision is refused when the run is not waiting for one', async () => {
  const list = await cli(['status']);
  const runId = [...list.stdout.matchAll(/^(bench-\S+-seed3-[0-9a-f]{8})\s/gm)][0][1];
  const result = await cli(['retry', runId]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/retry was not accepted/);
});

test('input prints the workflow input for `temporal workflow start`', async () => {
  const result = await cli(['input', '--config', configFile, '--seed', '5']);
  expect(result.exitCode).toBe(0);
  const line = JSON.parse(result.stdout.trim());
  expect(line.workflowId).toMatch(/^bench-ner_conllpp_v0-\d{8}T\d{6}Z-seed5-[0-9a-f]{8}$/);
  expect(line.input).toMatchObject({ seed: 5, mode: 'run', env: { name: 'ner_conllpp_v0', num_iterations: 3 } });
});
