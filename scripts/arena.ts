/**
 * The autopilot arena over several seeds (issue 19): the built-in autopilot, GEPA, DSPy MIPROv2,
 * DSPy GEPA and the placebo control on one config, the same seeds and the same per-iteration
 * budget, through the real CLI (`autopilot-benchmark arena`). Prints the ranked Markdown table.
 *
 *   (options: USAGE below; `--help` prints them)
 *
 * Iterations and episode counts are the config's unless `--num-iterations` / `--episodes` are given.
 *
 * `--config` takes any config, e.g. a local-model (`local::`) one; without an `autopilot_budget`
 * in it, `--max-model-calls` sets one (the arena is only fair with a budget).
 *
 * Unless TEMPORAL_ADDRESS is set, the arena gets a Temporal dev server of its own (a free port,
 * state under the work dir): on a machine where other checkouts' workers poll a shared server,
 * they would otherwise pick up these runs with their own code. The script stops it at the end
 * (its history stays in `<work-dir>/.state/temporal.sqlite`).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { MODEL_DIR_VARIABLE, modelCacheDir } from '../local-models/model-cache';
import { parseAddress, stopTemporalServer } from '../client/temporal-server';
import { scriptArgs } from './script-args';

const USAGE = `
  node dist/scripts/arena.js [--config configs/quickstart.yaml] [--seeds 1,2,3]
       [--autopilots builtin,gepa,dspy_mipro,dspy_gepa,placebo] [--num-iterations N]
       [--episodes N] [--max-model-calls 60] [--work-dir <dir>] [--temporal-port N]
`;

function main(): void {
  const args = scriptArgs(USAGE);
  const root = path.resolve(__dirname, '..', '..');
  const config = path.resolve(root, args.value('--config', 'configs/quickstart.yaml'));
  const workDir = path.resolve(args.value('--work-dir', mkdtempSync(path.join(os.tmpdir(), 'arena-'))));
  mkdirSync(workDir, { recursive: true });
  const doc = parseDocument(readFileSync(config, 'utf8'));
  if (!doc.has('autopilot_budget')) doc.set('autopilot_budget', doc.createNode({ max_model_calls: args.number('--max-model-calls', 60), max_cost_usd: null }));
  const budgeted = path.join(workDir, 'arena-config.yaml');
  writeFileSync(budgeted, doc.toString());
  const env = { ...process.env };
  const ownServer = !env.TEMPORAL_ADDRESS;
  if (ownServer) {
    env.TEMPORAL_ADDRESS = `127.0.0.1:${args.value('--temporal-port', String(20_000 + Math.floor(Math.random() * 20_000)))}`;
    // the pulled models stay where `models pull` put them, not under the arena's own state dir
    env[MODEL_DIR_VARIABLE] = modelCacheDir();
    env.AUTOPILOT_BENCH_STATE_DIR = path.join(workDir, '.state');
  }
  const started = Date.now();
  const result = spawnSync(
    'node',
    [
      path.join(root, 'dist/client/main.js'), 'arena', '--config', budgeted,
      '--autopilots', args.value('--autopilots', 'builtin,gepa,dspy_mipro,dspy_gepa,placebo'),
      '--seeds', args.value('--seeds', '1,2,3'),
      // iterations and episodes come from the config unless given here
      ...(args.given('--num-iterations') ? ['--num-iterations', args.value('--num-iterations', '')] : []),
      ...(args.given('--episodes') ? ['--episodes', args.value('--episodes', '')] : []),
      '--work-dir', workDir,
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'], env },
  );
  if (ownServer) stopTemporalServer(env.AUTOPILOT_BENCH_STATE_DIR!, parseAddress(env.TEMPORAL_ADDRESS!).port);
  if (result.status !== 0) throw new Error(`arena failed (exit ${result.status}); runs in ${workDir}`);
  console.log(readFileSync(path.join(workDir, 'arena.md'), 'utf8'));
  console.log(`(config ${path.relative(root, config)}, budget from ${budgeted}; ${((Date.now() - started) / 60_000).toFixed(1)} min; runs in ${workDir})`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
