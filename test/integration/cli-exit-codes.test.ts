import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runCli } from '../support/cli';

/**
 * The built CLI (dist/client/main.js) as a real subprocess, on bad input: the exit code and what
 * reaches stderr. None of these needs a Temporal server; the environment points at an address
 * where none answers and at a `temporal` binary that does not exist, so a command that wrongly
 * got past its checks fails instead of starting a dev server.
 */
let root: string;
const noServer = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_CLI_PATH: '/nonexistent/temporal', LOG_FORMAT: 'text' };
const cli = (...args: string[]) => runCli(args, { env: { ...noServer, AUTOPILOT_BENCH_STATE_DIR: path.join(root, 'state') }, timeoutMs: 60_000 });
const quickstart = path.join(REPO_ROOT, 'configs', 'quickstart.yaml');

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cli-exit-codes-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A user error: exit 1, exactly one `error:` message on stderr and no stack trace. */
function expectUserError(result: { exitCode: number | null; stderr: string; stdout: string }, message: string) {
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: ${message}`);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
}

test('a config path that does not exist is named', async () => {
  const missing = path.join(root, 'no-such.yaml');
  expectUserError(await cli('run', '--config', missing), `${missing}: config file not found`);
});

test('an unknown key in the YAML is named with its path and a did-you-mean', async () => {
  const typo = path.join(root, 'typo.yaml');
  writeFileSync(typo, readFileSync(quickstart, 'utf8').replace('gateway_port:', 'gateway_prot:'));
  expectUserError(await cli('run', '--config', typo), `${typo}: infra.gateway_prot: unknown key (did you mean "gateway_port"?)`);
});

test('an unknown command is named, with the usage after it', async () => {
  const result = await cli('frobnicate');
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/^error: unknown command 'frobnicate'\n/);
  expect(result.stderr).toContain('Usage: autopilot-benchmark [options] [command]');
});

test('an invalid flag value is refused before the worker connects anywhere', async () => {
  const result = await cli('worker', '--max-runs', '0');
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/^error: option '--max-runs <n>' argument '0' is invalid\. --max-runs must be at least 1, got "0"\n/);
});

test('an override out of range and an unknown --env are refused with what was given', async () => {
  expectUserError(await cli('input', '--config', quickstart, '--episodes', '0'), '--episodes: must be an integer ≥ 1 (got 0)');
  expectUserError(await cli('input', '--config', quickstart, '--env', 'nerr'), 'no environment named "nerr" in the config; known names: "ner_conllpp_v0"');
});

test('an operator command with no server says where it looked, in one line', async () => {
  expectUserError(await cli('status'), 'no Temporal server answers at 127.0.0.1:1 (set TEMPORAL_ADDRESS)');
  expectUserError(await cli('skip', 'bench-x'), 'no Temporal server answers at 127.0.0.1:1 (set TEMPORAL_ADDRESS)');
});

test('--help exits 0 with the usage on stdout', async () => {
  const result = await cli('--help');
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toMatch(/^Usage: autopilot-benchmark \[options\] \[command\]/);
  expect(result.stderr).toBe('');
});
