/**
 * Preflight on real configs, real sockets, a real autopilot process, real directories and the real
 * Python bridge: each check finds what it must, and one error lists every problem at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT } from '../../test/support/cli';
import { startMinimalAutopilot, type MinimalAutopilotProcess } from '../../test/fakes/minimal-autopilot/process';
import { sharedBridgeClient } from '../../environments/bridge/client';
import { planRuns } from '../run-inputs';
import { collectPreflight, preflightRuns } from './run-preflight';
import { PreflightError, type PreflightProblem } from './preflight-error';

const TOKEN = 'preflight-test-token';
const NO_KEYS = {};
let root: string;
let autopilot: MinimalAutopilotProcess;
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
  // The fixture environments reach the shared bridge through this variable, read when it starts.
  process.env.AUTOPILOT_BENCH_BRIDGE_MODULES = ['counter_env.py', 'broken_env.py'].map((file) => path.join(REPO_ROOT, 'test', 'fixtures', 'bridge', file)).join(',');
  autopilot = await startMinimalAutopilot({ token: TOKEN });
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await autopilot.stop();
  await new Promise((resolve) => busy.close(resolve));
  await sharedBridgeClient().close();
  rmSync(root, { recursive: true, force: true });
});

/** The quickstart config (builtin autopilot, sim models, ports 0) with `change` applied, written to a file. */
function configFile(name: string, change: (config: Record<string, any>) => void = () => undefined): string {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  config.interlocutor.config_file = path.join(REPO_ROOT, config.interlocutor.config_file);
  change(config);
  const file = path.join(root, `${name}.yaml`);
  writeFileSync(file, stringifyYaml(config));
  return file;
}

async function preflight(file: string, options: { env?: NodeJS.ProcessEnv; workDir?: string; minFreeBytes?: number; snapshot?: string } = {}) {
  const runs = planRuns({ config: file, workDir: options.workDir ?? path.join(root, 'out'), snapshot: options.snapshot });
  return collectPreflight(runs, { processEnv: options.env ?? NO_KEYS, minFreeBytes: options.minFreeBytes, probeTimeoutMs: 3_000 });
}

const only = (problems: PreflightProblem[]) => problems.map(({ check, where }) => `${check} ${where}`);

test('the quickstart passes with no key at all, and names nothing', async () => {
  const report = await preflight(configFile('quickstart'));
  expect(report).toEqual({ problems: [], warnings: [] });
});

test('function and metric names must exist in the environment, with a did-you-mean', async () => {
  const { problems } = await preflight(
    configFile('names', (config) => {
      config.environments[0].function_name = 'ner_conllpp_v0::extract_entity';
      config.environments[0].metric_name = 'accuracy';
    }),
  );
  expect(problems).toEqual([
    { check: 'function', where: 'environments[0].function_name', message: 'environment "ner_conllpp_v0" has no such function (got "ner_conllpp_v0::extract_entity"; did you mean "ner_conllpp_v0::extract_entities"?)' },
    { check: 'metric', where: 'environments[0].metric_name', message: 'environment "ner_conllpp_v0" has no such metric (got "accuracy"; known: "exact_match", "jaccard_similarity")' },
  ]);
});

test('an environment nobody provides is named with the closest registered one', async () => {
  const { problems } = await preflight(configFile('unknown-env', (config) => (config.environments[0].name = 'ner_conllpp_v1')));
  expect(only(problems)).toEqual(['environment environments[0].name']);
  expect(problems[0].message).toContain("the bridge environment 'ner_conllpp_v1'");
  expect(problems[0].message).toContain('did you mean "ner_conllpp_v0"?');
});

test("a native environment's own preflight error (21 Questions' answerer key) becomes a problem", async () => {
  const { problems } = await preflight(
    configFile('21q', (config) => Object.assign(config.environments[0], { name: '21_questions_v0', function_name: '21_questions_v0::ask_question', metric_name: 'solved', env_config: {} })),
  );
  expect(problems).toEqual([{ check: 'environment', where: 'environments[0].name', message: expect.stringContaining("env_config.answerer_model 'openai::gpt-4o-mini' needs OPENAI_API_KEY") }]);
});

test('bridge environments: the Python side is asked for its packages, then for its functions and metrics', async () => {
  const broken = await preflight(configFile('broken-bridge', (config) => Object.assign(config.environments[0], { name: 'broken_v0', function_name: 'broken_v0::act', metric_name: 'reward' })));
  expect(only(broken.problems)).toEqual(['environment environments[0].name']);
  expect(broken.problems[0].message).toContain("No module named 'autopilot_bench_no_such_module'");

  const counter = await preflight(configFile('counter', (config) => Object.assign(config.environments[0], { name: 'counter_v0', function_name: 'counter_v0::act', metric_name: 'sucess' })));
  expect(counter.problems).toEqual([
    { check: 'metric', where: 'environments[0].metric_name', message: 'environment "counter_v0" has no such metric (got "sucess"; did you mean "success"?)' },
  ]);
});

test('provider keys: the initial model needs its key; available models without one are dropped, and none left is a problem', async () => {
  const file = configFile('keys', (config) => {
    config.environments[0].initial_model = 'openai::gpt-4o-mini';
    config.environments[0].available_models = ['anthropic::claude-haiku-4-5', 'google_ai_studio_gemini::gemini-3-flash-preview'];
    config.autopilot_target.builtin.optimizer_model = 'fireworks::fireworks/glm-5';
  });
  const { problems } = await preflight(file);
  expect(problems).toEqual([
    { check: 'model-key', where: 'environments[0].initial_model', message: '"openai::gpt-4o-mini" needs OPENAI_API_KEY, which is not set' },
    {
      check: 'model-key',
      where: 'environments[0].available_models',
      message:
        'no model is left once models without a key are dropped: "anthropic::claude-haiku-4-5" needs ANTHROPIC_API_KEY, which is not set; "google_ai_studio_gemini::gemini-3-flash-preview" needs one of GEMINI_API_KEY, GOOGLE_AI_STUDIO_API_KEY, which is not set',
    },
    { check: 'model-key', where: 'autopilot_target.builtin.optimizer_model', message: '"fireworks::fireworks/glm-5" needs FIREWORKS_API_KEY, which is not set' },
  ]);

  const someKeys = await preflight(file, { env: { OPENAI_API_KEY: 'k', GEMINI_API_KEY: 'k', FIREWORKS_API_KEY: 'k' } });
  expect(someKeys.problems).toEqual([]);
  expect(someKeys.warnings).toEqual(['environments[0].available_models: dropping "anthropic::claude-haiku-4-5" needs ANTHROPIC_API_KEY, which is not set']);
});

describe('an http autopilot target', () => {
  const target = (baseUrl: string) => (config: Record<string, any>) => (config.autopilot_target = { kind: 'http', base_url: baseUrl, api_key_env: 'PREFLIGHT_AUTOPILOT_KEY' });

  test('reachable with the right key: no problem', async () => {
    const { problems } = await preflight(configFile('http-ok', target(autopilot.url)), { env: { PREFLIGHT_AUTOPILOT_KEY: TOKEN } });
    expect(problems).toEqual([]);
  });

  test('a wrong key is refused by the service; a missing one is named without asking it', async () => {
    const file = configFile('http-key', target(autopilot.url));
    const wrong = await preflight(file, { env: { PREFLIGHT_AUTOPILOT_KEY: 'not-the-token' } });
    expect(only(wrong.problems)).toEqual(['autopilot-target autopilot_target.api_key_env']);
    expect(wrong.problems[0].message).toMatch(/refused the key in PREFLIGHT_AUTOPILOT_KEY \(HTTP 401: .*missing or invalid bearer token/);
    expect(wrong.problems[0].message).not.toContain('not-the-token');

    const missing = await preflight(file);
    expect(missing.problems).toEqual([
      { check: 'autopilot-target', where: 'autopilot_target.api_key_env', message: 'environment variable PREFLIGHT_AUTOPILOT_KEY is not set: the gateway would refuse every autopilot request (HTTP 501)' },
    ]);
  });

  test('nothing listening at base_url is named with the connection error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const { problems } = await preflight(configFile('http-down', target(`http://127.0.0.1:${closed}`)), { env: { PREFLIGHT_AUTOPILOT_KEY: TOKEN } });
    expect(problems).toEqual([{ check: 'autopilot-target', where: 'autopilot_target.base_url', message: `the autopilot at http://127.0.0.1:${closed} is not reachable (ECONNREFUSED)` }]);
  });
});

test('ports, the gateway binary, directories and free disk', async () => {
  const file = configFile('infra', (config) => {
    config.infra.gateway_port = busyPort;
    config.infra.test_gateway_port = busyPort;
    config.infra.gateway_binary_path = path.join(root, 'no-such-gateway');
  });
  const blocker = path.join(root, 'a-file');
  writeFileSync(blocker, 'not a directory');
  const underFile = await preflight(file, { workDir: path.join(blocker, 'out') });
  expect(underFile.problems).toEqual([
    { check: 'port', where: 'infra.test_gateway_port', message: `the train and test gateways cannot share port ${busyPort}` },
    { check: 'port', where: 'infra.gateway_port', message: `port ${busyPort} on 127.0.0.1 is already in use (set 0 to pick a free port)` },
    { check: 'gateway-binary', where: 'infra.gateway_binary_path', message: `${path.join(root, 'no-such-gateway')} does not exist (null uses the built-in gateway)` },
    { check: 'directory', where: expect.stringMatching(/^--work-dir /), message: expect.stringContaining(`${blocker} is a file, so ${path.join(blocker, 'out', 'ner_conllpp_v0')}`) },
  ]);

  // /proc refuses new entries even to root, which passes every permission check.
  const unwritable = await preflight(configFile('quickstart'), { workDir: '/proc/autopilot-benchmark-preflight/out' });
  expect(unwritable.problems).toEqual([{ check: 'directory', where: expect.stringMatching(/^--work-dir /), message: expect.stringMatching(/^\/proc is not writable \(E[A-Z]+\)/) }]);

  const full = await preflight(configFile('quickstart'), { minFreeBytes: Number.MAX_SAFE_INTEGER });
  expect(only(full.problems)).toEqual([expect.stringMatching(/^disk --work-dir /)]);
  expect(full.problems[0].message).toMatch(/^only \d+ MiB free on the file system of .*; a run needs at least \d+ MiB$/);
});

test('a snapshot that does not fit is one more problem in the same list', async () => {
  const snapshot = mkdtempSync(path.join(root, 'empty-snapshot-'));
  const { problems } = await preflight(configFile('quickstart'), { snapshot });
  expect(only(problems)).toEqual([`snapshot --snapshot (${snapshot})`]);
  expect(problems[0].message).toContain(`snapshot ${snapshot} is not usable`);
  expect(problems[0].message).toContain('missing required path: snapshot_metadata.json');
});

test('one error lists every problem; keys set but ignored are warnings, a missing interlocutor file too', async () => {
  const file = configFile('many', (config) => {
    config.environments[0].metric_name = 'exact_matches';
    config.environments[0].initial_model = 'openai::gpt-4o-mini';
    config.environments[0].seed = 7;
    config.infra.gateway_port = busyPort;
    config.interlocutor.config_file = path.join(root, 'no-interlocutor.toml');
  });
  const runs = planRuns({ config: file, workDir: path.join(root, 'out') });
  const err: unknown = await preflightRuns(runs, { processEnv: NO_KEYS }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PreflightError);
  expect((err as PreflightError).message).toBe(
    [
      `${file}: 3 problems found before the run started:`,
      '  - [metric] environments[0].metric_name: environment "ner_conllpp_v0" has no such metric (got "exact_matches"; did you mean "exact_match"?)',
      '  - [model-key] environments[0].initial_model: "openai::gpt-4o-mini" needs OPENAI_API_KEY, which is not set',
      `  - [port] infra.gateway_port: port ${busyPort} on 127.0.0.1 is already in use (set 0 to pick a free port)`,
    ].join('\n'),
  );

  const { warnings } = await collectPreflight(planRuns({ config: configFile('notes', (config) => {
    config.environments[0].seed = 7;
    config.interlocutor.config_file = path.join(root, 'no-interlocutor.toml');
  }), workDir: path.join(root, 'out') }), { processEnv: NO_KEYS });
  expect(warnings).toEqual([
    "environments[0].seed: ignored (got 7): only --seed seeds task selection, as in the original harness; the value is kept in run.json's eval_config",
    `interlocutor.config_file: ${path.join(root, 'no-interlocutor.toml')} does not exist; the autopilot's questions go unanswered (as in the original)`,
  ]);
});
