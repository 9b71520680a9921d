/**
 * Benchmark script: runs the offline quickstart once per seed through the real CLI and prints a
 * Markdown table of the held-out test metric per iteration (pooled over variants, with a 95%
 * CI) and the wall time of each run. Used for the numbers in the README.
 *
 *   node dist/scripts/measure-quickstart.js [--seeds 1,2,3] [--config configs/quickstart.yaml]
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { IterationRecord } from '../results/iteration-record';
import type { VariantMetrics } from '../results/stats';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Mean and 95% CI of one metric pooled over all variants, from per-variant mean/std/n. */
export function pooledStats(metrics: VariantMetrics | null, metric: string): { mean: number; ci: number; n: number } | null {
  const variants = Object.values(metrics?.[metric]?.variants ?? {});
  const n = variants.reduce((s, v) => s + v.n, 0);
  if (n === 0) return null;
  const mean = variants.reduce((s, v) => s + v.mean * v.n, 0) / n;
  const ss = variants.reduce((s, v) => s + (v.n - 1) * (v.std ?? 0) ** 2 + v.n * (v.mean - mean) ** 2, 0);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { mean, ci: (1.96 * std) / Math.sqrt(n), n };
}

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const seeds = arg('--seeds', '1,2,3').split(',').map(Number);
  const config = arg('--config', 'configs/quickstart.yaml');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'measure-quickstart-'));
  const rows: string[] = [];
  let metricName = 'exact_match';
  for (const seed of seeds) {
    const start = Date.now();
    const run = spawnSync('node', [path.join(root, 'dist/client/main.js'), 'run', '--config', config, '--work-dir', workDir, '--seed', String(seed)], {
      cwd: root,
      encoding: 'utf8',
    });
    const seconds = (Date.now() - start) / 1000;
    if (run.status !== 0) throw new Error(`seed ${seed} failed:\n${run.stderr.slice(-4000)}`);
    const envDir = path.join(workDir, readdirSync(workDir)[0]);
    const runDir = path.join(envDir, readdirSync(envDir).find((d) => d.endsWith(`_seed${seed}`))!);
    const runJson = JSON.parse(readFileSync(path.join(runDir, 'results/run.json'), 'utf8'));
    metricName = runJson.eval_config.metric_name;
    const iterations = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8')) as IterationRecord[];
    const cells = iterations.map((it) => {
      const s = pooledStats(it.metrics.test, metricName);
      return s ? `${s.mean.toFixed(3)} ± ${s.ci.toFixed(3)}` : 'n/a';
    });
    rows.push(`| ${seed} | ${cells.join(' | ')} | ${seconds.toFixed(1)} s |`);
  }
  const iterationsHeader = rows[0].split('|').length - 4;
  const header = ['seed', 'baseline', ...Array.from({ length: iterationsHeader - 1 }, (_, i) => `iteration ${i + 1}`), 'wall time'];
  console.log(`Held-out test ${metricName} (pooled over variants, mean ± 95% CI):\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(row);
}

if (require.main === module) main();
