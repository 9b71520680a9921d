import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * `run --seeds 1,2` on the offline quickstart, shortened (4 episodes, 1 iteration), through the
 * built CLI on a real dev server with the in-process worker: two workflows with their own ids and
 * work dirs, followed together, summaries printed once both have ended.
 */
jest.setTimeout(300_000);

let server: DevServer;
let root: string;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'run-seeds-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

test('run --seeds 1,2 starts one run per seed and prints both summaries, then the comparison across seeds', async () => {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs/quickstart.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, 'quickstart.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const workDir = path.join(root, 'out');
  const result = await runCli(['run', '--config', configFile, '--work-dir', workDir, '--seeds', '1,2', '--episodes', '4', '--num-iterations', '1'], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`run --seeds failed:\n${result.all.slice(-5000)}`);

  const envDir = path.join(workDir, 'ner_conllpp_v0');
  const leaves = readdirSync(envDir).sort();
  expect(leaves).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z_seed1$/), expect.stringMatching(/^\d{8}T\d{6}Z_seed2$/)]);
  expect(leaves[0].replace('_seed1', '')).toBe(leaves[1].replace('_seed2', '')); // one timestamp per invocation
  const runs = leaves.map((leaf) => JSON.parse(readFileSync(path.join(envDir, leaf, 'results/run.json'), 'utf8')));
  expect(runs.map((run) => [run.seed, run.status])).toEqual([[1, 'completed'], [2, 'completed']]);
  expect(runs[0].id).not.toBe(runs[1].id);
  for (const leaf of leaves) {
    const iterations = JSON.parse(readFileSync(path.join(envDir, leaf, 'results/iterations.json'), 'utf8'));
    expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  }

  // Each under its own id; run together (the in-process worker holds two runs), not one after the other.
  expect(Date.parse(runs[1].started_at)).toBeLessThan(Date.parse(runs[0].finished_at));
  const timestamp = leaves[0].replace('_seed1', '');
  const started = [...result.all.matchAll(/started workflow (bench-ner_conllpp_v0-\S+)/g)].map((m) => m[1]);
  expect(started.map((id) => id.replace(/-[0-9a-f]{8}$/, ''))).toEqual([`bench-ner_conllpp_v0-${timestamp}-seed1`, `bench-ner_conllpp_v0-${timestamp}-seed2`]);
  const firstSummary = result.stdout.indexOf('Run Summary: ner_conllpp_v0');

  // Two summaries, then the across-seeds block, then the work dirs, in that order.
  expect(result.stdout.match(/Run Summary: ner_conllpp_v0/g)).toHaveLength(2);
  const acrossSeeds = result.stdout.indexOf('Across seeds');
  expect(acrossSeeds).toBeGreaterThan(firstSummary);
  // The comparison reads the paired evaluation record each run writes into iterations.json.
  expect(result.stdout.slice(acrossSeeds)).toMatch(/^Across seeds\nCompare: ner_conllpp_v0 — exact_match/);
  expect(result.stdout.trimEnd().split('\n').slice(-2)).toEqual(leaves.map((leaf) => `Work dir: ${path.join(envDir, leaf)}`));
});
