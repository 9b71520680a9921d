/**
 * Benchmark script: runs an offline quickstart once per seed through the real CLI (one run at a
 * time, so each wall time is the run's own on this machine), then prints `compare --markdown`
 * over those runs (the held-out paired evaluation aggregated over seeds, ready to paste into the
 * README) and the wall time of each run.
 *
 *   (options: USAGE below; `--help` prints them)
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { scriptArgs } from './script-args';

const USAGE = `
  node dist/scripts/measure-quickstart.js [--seeds 1,2,3] [--config configs/quickstart.yaml]
`;

function main(): void {
  const args = scriptArgs(USAGE);
  const root = path.resolve(__dirname, '..', '..');
  const cli = path.join(root, 'dist/client/main.js');
  const seeds = args.value('--seeds', '1,2,3').split(',');
  const config = args.value('--config', 'configs/quickstart.yaml');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'measure-quickstart-'));
  const wallTimes: string[] = [];
  for (const seed of seeds) {
    const start = Date.now();
    const run = spawnSync('node', [cli, 'run', '--config', config, '--work-dir', workDir, '--seed', seed], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`seed ${seed} failed:\n${run.stderr.slice(-4000)}`);
    wallTimes.push(`| ${seed} | ${((Date.now() - start) / 1000).toFixed(1)} s |`);
  }
  const envDir = path.join(workDir, readdirSync(workDir)[0]);
  const compare = spawnSync('node', [cli, 'compare', envDir, '--markdown'], { cwd: root, encoding: 'utf8' });
  if (compare.status !== 0) throw new Error(`compare failed:\n${compare.stderr}`);
  console.log(`Held-out paired evaluation over seeds ${seeds.join(', ')} (\`autopilot-benchmark compare --markdown ${envDir}\`):\n`);
  console.log(compare.stdout.trimEnd());
  console.log('\n| seed | wall time |\n|---|---|');
  for (const row of wallTimes) console.log(row);
}

if (require.main === module) main();
