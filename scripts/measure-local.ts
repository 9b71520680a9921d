/**
 * Benchmark script for the `local::` provider: runs configs/local-ner.yaml once per seed through
 * the real CLI (a Temporal dev server must be reachable, as for `run`) and prints a Markdown table
 * per seed: baseline and final held-out test metric, Δ with its 95% CI and p from the paired
 * evaluation when iterations.json carries one (else the pooled test metric with its interval and
 * no p), wall time, model tokens (both gateways' stores) and peak memory (the local inference
 * server's RSS, and the machine's used memory).
 *
 *   node dist/scripts/measure-local.js [--seeds 1,2,3] [--config configs/local-ner.yaml]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { IterationRecord } from '../results/iteration-record';
import { testStoreFile, trainStoreFile } from '../results/paths';
import { pooledStats } from './measure-quickstart';

interface Interval {
  mean: number;
  ci: [number, number];
}

interface PairedEvaluation {
  baseline: Interval;
  policy_metric: Interval;
  delta: Interval | null;
  p_value: number | null;
  test: string | null;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Peak RSS of the local inference server processes and peak used memory of the machine, sampled every 2 s. */
function memorySampler() {
  let serverPeak = 0;
  let machinePeak = 0;
  const sample = () => {
    let rss = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('local-models/server-main.js')) continue;
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (match) rss += Number(match[1]) * 1024;
      } catch {
        // the process ended between listing and reading
      }
    }
    serverPeak = Math.max(serverPeak, rss);
    machinePeak = Math.max(machinePeak, os.totalmem() - os.freemem());
  };
  const timer = setInterval(sample, 2000);
  return { stop: () => (clearInterval(timer), { serverPeak, machinePeak }) };
}

function storeTokens(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT COALESCE(SUM(input_tokens), 0) + COALESCE(SUM(output_tokens), 0) AS tokens FROM model_inferences').get() as { tokens: number };
    return row.tokens;
  } finally {
    db.close();
  }
}

function runCli(root: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.join(root, 'dist/client/main.js'), ...args], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

const fmt = (x: number) => x.toFixed(3);
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const seeds = arg('--seeds', '1,2,3').split(',').map(Number);
  const config = arg('--config', 'configs/local-ner.yaml');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'measure-local-'));
  const rows: string[] = [];
  let metricName = 'exact_match';
  for (const seed of seeds) {
    const start = Date.now();
    const memory = memorySampler();
    const run = await runCli(root, ['run', '--config', config, '--work-dir', workDir, '--seed', String(seed)]);
    const peaks = memory.stop();
    const minutes = (Date.now() - start) / 60_000;
    if (run.code !== 0) throw new Error(`seed ${seed} failed:\n${run.stderr.slice(-4000)}`);
    const envDir = path.join(workDir, readdirSync(workDir)[0]);
    const runDir = path.join(envDir, readdirSync(envDir).find((d) => d.endsWith(`_seed${seed}`))!);
    metricName = JSON.parse(readFileSync(path.join(runDir, 'results/run.json'), 'utf8')).eval_config.metric_name;
    const iterations = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8')) as Array<IterationRecord & { paired_evaluation?: PairedEvaluation }>;
    const last = iterations[iterations.length - 1];
    const tokens = storeTokens(trainStoreFile(runDir)) + storeTokens(testStoreFile(runDir));
    let cells: string[];
    if (last.paired_evaluation) {
      const paired = last.paired_evaluation;
      const delta = paired.delta ? `${fmt(paired.delta.mean)} [${fmt(paired.delta.ci[0])}, ${fmt(paired.delta.ci[1])}]` : 'n/a';
      cells = [fmt(paired.baseline.mean), fmt(paired.policy_metric.mean), delta, paired.p_value === null ? 'n/a' : `${paired.p_value.toPrecision(2)} (${paired.test})`];
    } else {
      // no paired evaluation in this build: pooled test metrics, Δ ± the two intervals combined, no p
      const first = pooledStats(iterations[0].metrics.test, metricName);
      const final = pooledStats(last.metrics.test, metricName);
      const delta = first && final ? `${fmt(final.mean - first.mean)} ± ${fmt(Math.hypot(first.ci, final.ci))} (unpaired)` : 'n/a';
      cells = [first ? `${fmt(first.mean)} ± ${fmt(first.ci)}` : 'n/a', final ? `${fmt(final.mean)} ± ${fmt(final.ci)}` : 'n/a', delta, 'n/a'];
    }
    rows.push(`| ${seed} | ${cells.join(' | ')} | ${minutes.toFixed(1)} min | ${tokens} | ${gb(peaks.serverPeak)} / ${gb(peaks.machinePeak)} |`);
  }
  console.log(`Held-out test ${metricName}, ${config}:\n`);
  console.log('| seed | baseline | final | Δ (95% CI) | p | wall time | tokens | peak memory (local server / machine) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
