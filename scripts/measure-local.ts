/**
 * Benchmark script for the `local::` provider: runs configs/local-ner.yaml once per seed through
 * the real CLI, one run at a time (a Temporal dev server must be reachable, as for `run`), then
 * prints `compare --markdown` over those runs (baseline, final, Δ with its CI and p from the
 * held-out paired evaluation, aggregated over seeds) and per seed: wall time, model tokens (both
 * gateways' stores) and peak memory (the local inference server's RSS, and the machine's used
 * memory).
 *
 *   (options: USAGE below; `--help` prints them)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { testStoreFile, trainStoreFile } from '../results/paths';
import { scriptArgs } from './script-args';

const USAGE = `
  node dist/scripts/measure-local.js [--seeds 1,2,3] [--config configs/local-ner.yaml]
`;

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

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

async function main(): Promise<void> {
  const args = scriptArgs(USAGE);
  const root = path.resolve(__dirname, '..', '..');
  const seeds = args.value('--seeds', '1,2,3').split(',');
  const config = args.value('--config', 'configs/local-ner.yaml');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'measure-local-'));
  const rows: string[] = [];
  for (const seed of seeds) {
    const start = Date.now();
    const memory = memorySampler();
    const run = await runCli(root, ['run', '--config', config, '--work-dir', workDir, '--seed', seed]);
    const peaks = memory.stop();
    const minutes = (Date.now() - start) / 60_000;
    if (run.code !== 0) throw new Error(`seed ${seed} failed:\n${run.stderr.slice(-4000)}`);
    const envDir = path.join(workDir, readdirSync(workDir)[0]);
    const runDir = path.join(envDir, readdirSync(envDir).find((d) => d.endsWith(`_seed${seed}`))!);
    const tokens = storeTokens(trainStoreFile(runDir)) + storeTokens(testStoreFile(runDir));
    rows.push(`| ${seed} | ${minutes.toFixed(1)} min | ${tokens} | ${gb(peaks.serverPeak)} / ${gb(peaks.machinePeak)} |`);
    console.log(`seed ${seed} done in ${minutes.toFixed(1)} min (${runDir})`);
  }
  const envDir = path.join(workDir, readdirSync(workDir)[0]);
  const compare = spawnSync('node', [path.join(root, 'dist/client/main.js'), 'compare', envDir, '--markdown'], { cwd: root, encoding: 'utf8' });
  if (compare.status !== 0) throw new Error(`compare failed:\n${compare.stderr}`);
  console.log(`\nHeld-out paired evaluation over seeds ${seeds.join(', ')}, ${config} (\`autopilot-benchmark compare --markdown ${envDir}\`):\n`);
  console.log(compare.stdout.trimEnd());
  console.log('\n| seed | wall time | tokens | peak memory (local server / machine) |\n|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
