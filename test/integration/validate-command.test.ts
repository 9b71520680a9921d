import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';

/**
 * `validate` and the preflight of `run` through the built CLI (dist/client/main.js) as a real
 * subprocess. No Temporal server exists here (the address answers nothing and the `temporal`
 * binary is missing), so a command that got past its checks would fail differently.
 */
let root: string;
const noServer = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_CLI_PATH: '/nonexistent/temporal', LOG_FORMAT: 'text', OPENAI_API_KEY: '' };
const cli = (...args: string[]) => runCli(args, { env: { ...noServer, AUTOPILOT_BENCH_STATE_DIR: path.join(root, 'state') }, timeoutMs: 60_000 });

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'validate-command-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function quickstartWith(name: string, change: (config: Record<string, any>) => void): string {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  change(config);
  const file = path.join(root, `${name}.yaml`);
  writeFileSync(file, stringifyYaml(config));
  return file;
}

const threeProblems = () =>
  quickstartWith('three-problems', (config) => {
    config.environments[0].function_name = 'ner_conllpp_v0::extract';
    config.environments[0].initial_model = 'openai::gpt-4o-mini';
    config.infra.gateway_binary_path = '/nonexistent/gateway';
  });

test('a good config: exit 0, one OK line, and nothing started', async () => {
  const quickstart = path.join(REPO_ROOT, 'configs', 'quickstart.yaml');
  const result = await cli('validate', '--config', quickstart, '--work-dir', path.join(root, 'out'));
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`OK: ${quickstart}: 1 run ready (ner_conllpp_v0)\n`);
  expect(result.exitCode).toBe(0);
});

test('a matrix is counted in runs, each named by environment and seed', async () => {
  const quickstart = path.join(REPO_ROOT, 'configs', 'quickstart.yaml');
  const result = await cli('validate', '--config', quickstart, '--seeds', '1,2', '--work-dir', path.join(root, 'out'));
  expect(result.stdout).toBe(`OK: ${quickstart}: 2 runs ready (ner_conllpp_v0 seed 1, ner_conllpp_v0 seed 2)\n`);
  expect(result.exitCode).toBe(0);
});

test('several problems: exit 1 and one error that lists them all', async () => {
  const file = threeProblems();
  const result = await cli('validate', '--config', file, '--work-dir', path.join(root, 'out'));
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(
    [
      `error: ${file}: 3 problems found before the run started:`,
      '  - [function] environments[0].function_name: environment "ner_conllpp_v0" has no such function (got "ner_conllpp_v0::extract"; known: "ner_conllpp_v0::extract_entities")',
      '  - [model-key] environments[0].initial_model: "openai::gpt-4o-mini" needs OPENAI_API_KEY, which is not set',
      '  - [gateway-binary] infra.gateway_binary_path: /nonexistent/gateway does not exist (null uses the built-in gateway)',
      '',
    ].join('\n'),
  );
});

test('warnings do not fail it: an ignored key is noted, then OK', async () => {
  const file = quickstartWith('seeded', (config) => (config.environments[0].seed = 3));
  const result = await cli('validate', '--config', file, '--work-dir', path.join(root, 'out'));
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe(
    `warning: environments[0].seed: ignored (got 3): only --seed seeds task selection, as in the original harness; the value is kept in run.json's eval_config\n` +
      `OK: ${file}: 1 run ready (ner_conllpp_v0)\n`,
  );
});

test('the run flags are checked as run checks them', async () => {
  const quickstart = path.join(REPO_ROOT, 'configs', 'quickstart.yaml');
  const episodes = await cli('validate', '--config', quickstart, '--episodes', '0');
  expect(episodes.exitCode).toBe(1);
  expect(episodes.stderr).toBe('error: --episodes: must be an integer ≥ 1 (got 0)\n');
  const typo = quickstartWith('typo', (config) => (config.infra.gateway_prot = 1));
  const unknownKey = await cli('validate', '--config', typo);
  expect(unknownKey.exitCode).toBe(1);
  expect(unknownKey.stderr).toBe(`error: ${typo}: infra.gateway_prot: unknown key (did you mean "gateway_port"?)\n`);
});

test('run makes the same checks first: the same error, before it looks for a Temporal server', async () => {
  const file = threeProblems();
  const result = await cli('run', '--config', file, '--work-dir', path.join(root, 'out'));
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: ${file}: 3 problems found before the run started:\n`);
  expect(result.stderr).toContain('[function] environments[0].function_name');
  expect(result.all).not.toMatch(/Temporal/);
});
