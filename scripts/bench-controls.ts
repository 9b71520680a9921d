/**
 * Benchmark script: the built-in autopilot next to its three controls (placebo, model_switch,
 * random_edit; autopilot/builtin/README.md) on the same seeds, per offline quickstart, through the
 * real CLI (`run --seeds`). Prints one Markdown table per quickstart from the runs' paired
 * evaluation records (compare/, aggregated over seeds) at the last iteration.
 *
 *   (options: USAGE below; `--help` prints them)
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { plain, signed, type CompareReport } from '../compare/aggregate-runs';
import { compareRunDirs } from '../compare/compare-runs';
import { AUTOPILOT_STRATEGIES } from '../config/schema';
import { scriptArgs } from './script-args';


const USAGE = `
  node dist/scripts/bench-controls.js [--seeds 1,2,3,4,5] [--num-iterations 1] [--episodes 20]
       [--configs configs/quickstart.yaml,configs/quickstart-21q.yaml] [--work-dir <dir>]
`;

/** The quickstart config with `autopilot_target.builtin.strategy` set, written beside the runs. */
function configWithStrategy(configPath: string, strategy: string, dir: string): string {
  const doc = parseDocument(readFileSync(configPath, 'utf8'));
  doc.setIn(['autopilot_target', 'builtin', 'strategy'], strategy);
  const out = path.join(dir, `${strategy}.yaml`);
  writeFileSync(out, doc.toString());
  return out;
}

/** Run dirs (`<dir>/<env>/<stamp>_seed<N>`) by seed, and whether each recorded the paired evaluation of its last iteration. */
function runsBySeed(dir: string, iterations: number): Map<string, { path: string; complete: boolean }> {
  const out = new Map<string, { path: string; complete: boolean }>();
  for (const env of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const run of readdirSync(path.join(dir, env.name))) {
      const seed = /_seed(-?\d+)$/.exec(run)?.[1];
      if (seed === undefined) continue;
      const file = path.join(dir, env.name, run, 'results', 'iterations.json');
      const entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Array<{ iteration_number: number; paired_evaluation?: unknown }>) : [];
      const complete = entries.some((e) => e.iteration_number === iterations && e.paired_evaluation);
      out.set(seed, { path: path.join(dir, env.name, run), complete });
    }
  }
  return out;
}

/**
 * Runs every seed at once (`run --seeds`); a seed whose run failed (e.g. a transient error on
 * this loaded machine) is removed and run again on its own, once, so compare sees one run per seed.
 */
function runSeeds(cli: string, root: string, runConfig: string, dir: string, seeds: string, iterations: string, episodes: string): void {
  const common = ['--config', runConfig, '--work-dir', dir, '--num-iterations', iterations, '--episodes', episodes];
  const first = spawnSync('node', [cli, 'run', ...common, '--seeds', seeds], { cwd: root, encoding: 'utf8' });
  if (first.status === 0) return;
  const runs = runsBySeed(dir, Number(iterations));
  for (const seed of seeds.split(',')) {
    const run = runs.get(seed);
    if (run?.complete) continue;
    if (run) rmSync(run.path, { recursive: true, force: true });
    console.error(`seed ${seed} failed in ${dir}; running it again on its own`);
    const again = spawnSync('node', [cli, 'run', ...common, '--seed', seed], { cwd: root, encoding: 'utf8' });
    if (again.status !== 0) throw new Error(`seed ${seed} failed twice in ${dir} (exit ${again.status}):\n${again.stderr.slice(-4000)}`);
  }
}

function row(strategy: string, report: CompareReport): string {
  const last = report.iterations[report.iterations.length - 1];
  if (last.iteration === 0) return `| ${strategy} | ${plain(last.baseline_mean)} | — | — | — | no iteration after the baseline |`;
  const delta = last.mean_delta;
  const ci = delta && delta.ci[0] !== null && delta.ci[1] !== null ? ` (${signed(delta.ci[0])} to ${signed(delta.ci[1])})` : '';
  return [
    strategy === 'optimiser' ? 'built-in (optimiser)' : strategy,
    `${plain(last.baseline_mean)} → ${plain(last.policy_mean)}`,
    delta ? `${signed(delta.estimate)}${ci}` : '—',
    `${last.improved_significantly} of ${last.seeds}`,
    last.per_seed.map((s) => signed(s.delta)).join(', '),
    last.verdict ? last.verdict.replace(/-/g, ' ') : 'no record',
  ].join(' | ').replace(/^/, '| ') + ' |';
}

async function main(): Promise<void> {
  const args = scriptArgs(USAGE);
  const root = path.resolve(__dirname, '..', '..');
  const cli = path.join(root, 'dist/client/main.js');
  const seeds = args.value('--seeds', '1,2,3,4,5');
  const iterations = args.value('--num-iterations', '1');
  const episodes = args.value('--episodes', '20');
  const configs = args.value('--configs', 'configs/quickstart.yaml,configs/quickstart-21q.yaml').split(',');
  const workDir = path.resolve(args.value('--work-dir', mkdtempSync(path.join(os.tmpdir(), 'bench-controls-'))));
  for (const config of configs) {
    const name = path.basename(config, '.yaml');
    const lines: string[] = [];
    for (const strategy of AUTOPILOT_STRATEGIES) {
      const dir = path.join(workDir, name, strategy);
      mkdirSync(dir, { recursive: true });
      const started = Date.now();
      const done = runsBySeed(dir, Number(iterations));
      // a rerun into the same --work-dir keeps the seeds that finished
      const missing = seeds.split(',').filter((seed) => !done.get(seed)?.complete);
      for (const seed of missing) if (done.has(seed)) rmSync(done.get(seed)!.path, { recursive: true, force: true });
      if (missing.length > 0) runSeeds(cli, root, configWithStrategy(path.resolve(root, config), strategy, dir), dir, missing.join(','), iterations, episodes);
      const report = await compareRunDirs([dir]);
      lines.push(row(strategy, report));
      console.error(`${name} ${strategy}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const metric = (await compareRunDirs([path.join(workDir, name, AUTOPILOT_STRATEGIES[0])])).metric.name;
    console.log(`\n${name} (metric ${metric}; seeds ${seeds}; ${iterations} iteration(s), ${episodes} train and ${episodes} test episodes each; runs in ${workDir}/${name})\n`);
    console.log(`| autopilot | ${metric} baseline → policy (mean over seeds) | mean Δ (95% CI, t over seeds) | seeds improved (paired p < 0.05) | Δ per seed | verdict |`);
    console.log('|---|---|---|---|---|---|');
    for (const line of lines) console.log(line);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
