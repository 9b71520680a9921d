/**
 * Benchmark script: the built-in autopilot next to its three controls (placebo, model_switch,
 * random_edit; autopilot/builtin/README.md) on the same seeds, per offline quickstart, through the
 * real CLI (`run --seeds`). Prints one Markdown table per quickstart from the runs' paired
 * evaluation records (compare/, aggregated over seeds) at the last iteration.
 *
 *   node dist/scripts/bench-controls.js [--seeds 1,2,3,4,5] [--num-iterations 1] [--episodes 20]
 *        [--configs configs/quickstart.yaml,configs/quickstart-21q.yaml] [--work-dir <dir>]
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { plain, signed, type CompareReport } from '../compare/aggregate-runs';
import { compareRunDirs } from '../compare/compare-runs';

const STRATEGIES = ['optimiser', 'placebo', 'model_switch', 'random_edit'] as const;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The quickstart config with `autopilot_target.builtin.strategy` set, written beside the runs. */
function configWithStrategy(configPath: string, strategy: string, dir: string): string {
  const doc = parseDocument(readFileSync(configPath, 'utf8'));
  doc.setIn(['autopilot_target', 'builtin', 'strategy'], strategy);
  const out = path.join(dir, `${strategy}.yaml`);
  writeFileSync(out, doc.toString());
  return out;
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
  const root = path.resolve(__dirname, '..', '..');
  const cli = path.join(root, 'dist/client/main.js');
  const seeds = arg('--seeds', '1,2,3,4,5');
  const iterations = arg('--num-iterations', '1');
  const episodes = arg('--episodes', '20');
  const configs = arg('--configs', 'configs/quickstart.yaml,configs/quickstart-21q.yaml').split(',');
  const workDir = path.resolve(arg('--work-dir', mkdtempSync(path.join(os.tmpdir(), 'bench-controls-'))));
  for (const config of configs) {
    const name = path.basename(config, '.yaml');
    const lines: string[] = [];
    for (const strategy of STRATEGIES) {
      const dir = path.join(workDir, name, strategy);
      mkdirSync(dir, { recursive: true });
      const started = Date.now();
      const runConfig = configWithStrategy(path.resolve(root, config), strategy, dir);
      const args = [cli, 'run', '--config', runConfig, '--work-dir', dir, '--seeds', seeds, '--num-iterations', iterations, '--episodes', episodes];
      const run = spawnSync('node', args, { cwd: root, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${name} ${strategy} failed (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
      const report = await compareRunDirs([dir]);
      lines.push(row(strategy, report));
      console.error(`${name} ${strategy}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const metric = (await compareRunDirs([path.join(workDir, name, STRATEGIES[0])])).metric.name;
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
