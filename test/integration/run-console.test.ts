import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * `run`'s console on a non-TTY (the CLI as a real subprocess whose output is a pipe, a real dev
 * server, the offline quickstart). Quiet by default: under 5 KB for the whole quickstart, with
 * progress lines, one line per autopilot action and a brief summary; the full log in a file in
 * the work dir. With slower simulated models the progress lines follow the episodes as they
 * complete, with rate and ETA; `--verbose` brings the log back to the console.
 */
jest.setTimeout(600_000);

let server: DevServer;
let root: string;
let configFile: string;
let quiet: CliResult;

const EPISODES = /(baseline|iteration \d+) (train|test) (\d+)\/(\d+) episodes/;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir, ...extra };
}

function logFileOf(output: string): string {
  const match = /^Log: (\S+)/m.exec(output);
  if (!match) throw new Error(`no "Log:" line in:\n${output}`);
  return match[1];
}

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'run-console-'));
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs/quickstart.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  configFile = path.join(root, 'quickstart.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  // the quickstart as it ships (2 iterations, 40 episodes a rollout)
  quiet = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'quiet')], { env: env() });
  if (quiet.exitCode !== 0) throw new Error(`run failed:\n${quiet.all.slice(-5000)}`);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

test('the quickstart prints under 5 KB: progress, the autopilot actions, a brief summary, the paths', () => {
  const bytes = Buffer.byteLength(quiet.all);
  console.log(`quickstart console output: ${bytes} bytes (stdout ${Buffer.byteLength(quiet.stdout)}, stderr ${Buffer.byteLength(quiet.stderr)})`);
  expect(bytes).toBeLessThan(5000);
  // (the quickstart's rollouts take a second or two, so episode counts may fall between polls; the slow run below checks them)
  expect(quiet.stderr).toMatch(/^iteration 1\/2 autopilot/m);
  expect(quiet.stderr).toMatch(/^iteration 2\/2 completed · test \d\.\d{3} \(iteration 2\)$/m);
  // one line per action: the session's outcome and each applied edit by variant name, no template text
  expect(quiet.stderr).toMatch(/^iteration 1 autopilot: \d+ turns, \d+ edits proposed, \d+ applied \(idle\)$/m);
  expect(quiet.stderr).toMatch(/^iteration 1 \+ variant ap_\S+ on sim::\w+: /m);
  expect(quiet.all).not.toContain('named-entity recognition system');
  expect(quiet.stdout).toContain('Run Summary: ner_conllpp_v0');
  expect(quiet.stdout).toMatch(/^Iteration 2 \(post_autopilot\) \[autopilot: /m);
  expect(quiet.stdout).not.toContain('TRAIN (cumulative');
});

test('the full log is in the work dir as pino JSON lines, and the full summary beside it', () => {
  const logFile = logFileOf(quiet.stderr);
  const workDir = path.dirname(logFile);
  expect(quiet.stdout).toContain(`Work dir: ${workDir}`);
  const entries = readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { level: number; component?: string; msg: string });
  // lines from before the work dir existed (preflight, server) and from the steps are all there
  expect(entries.some((e) => e.component === 'autopilot.session' && e.msg.startsWith('tool call write_config'))).toBe(true);
  expect(entries.some((e) => e.msg.startsWith('rollout finished'))).toBe(true);
  expect(entries.some((e) => e.component === 'cli' && e.msg.startsWith('started workflow'))).toBe(true);
  expect(readFileSync(path.join(workDir, 'results/summary.txt'), 'utf8')).toContain('TRAIN (cumulative over the run, gateway store):');
  expect(quiet.stdout).toContain(`Full summary: ${path.join(workDir, 'results/summary.txt')}`);
  expect(existsSync(path.join(workDir, 'report.html'))).toBe(true);
});

test('with slower models the progress lines follow the episodes as they complete; --verbose shows the log too', async () => {
  const slow = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'slow'), '--num-iterations', '0', '--verbose'], {
    env: env({ AUTOPILOT_BENCH_SIM_LATENCY_SCALE: '300' }),
  });
  expect(slow.exitCode).toBe(0);
  const baselineTrain = slow.stderr
    .split('\n')
    .map((line) => EPISODES.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === 'baseline' && m[2] === 'train')
    .map((m) => Number(m[3]));
  // several lines for one rollout, their counts rising, some strictly between none and all
  expect(baselineTrain.length).toBeGreaterThan(1);
  expect([...baselineTrain].sort((a, b) => a - b)).toEqual(baselineTrain);
  expect(baselineTrain.some((done) => done > 0 && done < 40)).toBe(true);
  expect(slow.stderr).toMatch(/baseline train \d+\/40 episodes, \d+\.\d\/s, ETA \d+s/);
  // --verbose: the log lines are on the console again, and still in the file
  expect(slow.stderr).toMatch(/ INFO rollouts: rollout finished/);
  expect(readFileSync(logFileOf(slow.stderr), 'utf8')).toContain('"msg":"rollout finished');
});
