// How a command's outcome becomes an exit code and a message (the handlers are spies that throw
// the errors the real commands throw).
import { runCli, EXIT_FAILED, EXIT_OK } from './run-cli';
import type { CommandHandlers } from './program';
import { ConfigError } from '../config/config-error';
import { InvalidOverrideError, UnknownEnvironmentError as UnknownConfigEnvironmentError } from '../config/overrides';
import { EnvironmentUnavailableError, InvalidEnvironmentConfigError, UnknownEnvironmentError } from '../environments/errors';
import { SnapshotError } from '../checkpoints';
import { TemporalServerError } from './temporal-server';
import { DecisionRejectedError } from './decision-rejected-error';
import { PreflightError } from './preflight/preflight-error';
import { CompareError } from '../compare/compare-error';

function handlersThatThrow(err: unknown): CommandHandlers {
  const fail = async () => {
    throw err;
  };
  return { run: fail, snapshot: fail, worker: fail, status: fail, decide: fail, input: fail, validate: fail, compare: fail, arena: fail, report: fail };
}

async function outcome(handlers: CommandHandlers, ...args: string[]) {
  let stderr = '';
  const exitCode = await runCli(['node', 'autopilot-benchmark', ...args], handlers, { writeOut: () => undefined, writeErr: (text) => (stderr += text) });
  return { exitCode, stderr };
}

afterEach(() => jest.restoreAllMocks());

test('a command that finishes exits 0 and writes nothing to stderr', async () => {
  const ok = async () => undefined;
  const handlers: CommandHandlers = { run: ok, snapshot: ok, worker: ok, status: ok, decide: ok, input: ok, validate: ok, compare: ok, arena: ok, report: ok };
  expect(await outcome(handlers, 'input', '--config', 'c.yaml')).toEqual({ exitCode: EXIT_OK, stderr: '' });
});

test.each([
  ['a config problem', new ConfigError('configs/x.yaml', [{ path: 'infra.gateway_prot', message: 'unknown key (did you mean "gateway_port"?)' }])],
  ['an unknown --env', new UnknownConfigEnvironmentError('nerr', ['ner'])],
  ['an override out of range', new InvalidOverrideError('--episodes', 0, 'must be an integer ≥ 1')],
  ['an unusable snapshot', new SnapshotError('snap', ['run.json'], [])],
  ['an unregistered environment', new UnknownEnvironmentError('nope', ['ner'])],
  ['a missing package or key', new EnvironmentUnavailableError('babyai', [{ what: 'minigrid', fix: 'pip install minigrid' }])],
  ['a bad env_config value', new InvalidEnvironmentConfigError('ner', 'env_config.split', 'unknown split "dev"')],
  ['no Temporal server', new TemporalServerError('no Temporal server answers at 127.0.0.1:1 (set TEMPORAL_ADDRESS)')],
  ['a refused decision', new DecisionRejectedError('bench-ner-1', 'retry', 'no iteration is waiting for a decision')],
  ['preflight problems', new PreflightError('c.yaml', [{ check: 'metric', where: 'environments[0].metric_name', message: 'no such metric' }])],
  ['run directories compare refuses', new CompareError('mixed-environments', 'runs of different environments cannot be aggregated')],
])('%s: exit 1 and its message alone on stderr, no stack trace', async (_what, err) => {
  const { exitCode, stderr } = await outcome(handlersThatThrow(err), 'run', '--config', 'c.yaml');
  expect(exitCode).toBe(EXIT_FAILED);
  expect(stderr).toBe(`error: ${err.message}\n`);
});

test('`models pull` of an unknown model: exit 1 and one line naming it and the known models; `models list` writes to the output', async () => {
  const ok = async () => undefined;
  const handlers: CommandHandlers = { run: ok, snapshot: ok, worker: ok, status: ok, decide: ok, input: ok, validate: ok, compare: ok, arena: ok, report: ok };
  const { exitCode, stderr } = await outcome(handlers, 'models', 'pull', 'gpt-5');
  expect(exitCode).toBe(EXIT_FAILED);
  expect(stderr).toMatch(/^error: [^\n]*'gpt-5'[^\n]*qwen2\.5-coder-0\.5b[^\n]*\n$/);
  let stdout = '';
  expect(await runCli(['node', 'autopilot-benchmark', 'models', 'list'], handlers, { writeOut: (text) => (stdout += text), writeErr: () => undefined })).toBe(EXIT_OK);
  expect(stdout).toMatch(/^cache: .*\n/);
  expect(stdout).toMatch(/\nlocal::smollm2-135m {2}(pulled|not pulled) {2}/);
});

test('an unexpected failure exits 1 and is logged with its innermost cause', async () => {
  const logged: string[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (logged.push(String(chunk)), true));
  const failure = new Error('Workflow execution failed', { cause: new Error('activity failed', { cause: new Error('gateway exited with code 3') }) });
  const { exitCode, stderr } = await outcome(handlersThatThrow(failure), 'run', '--config', 'c.yaml');
  expect(exitCode).toBe(EXIT_FAILED);
  expect(stderr).toBe(''); // not a user error: it goes to the log, with its stack
  expect(logged.join('')).toContain('run failed: gateway exited with code 3');
});

test('a usage error keeps commander exit code 1 and never reaches a handler', async () => {
  const run = jest.fn(async () => undefined);
  const ok = async () => undefined;
  const { exitCode } = await outcome({ run, snapshot: ok, worker: ok, status: ok, decide: ok, input: ok, validate: ok, compare: ok, arena: ok, report: ok }, 'run', '--seed', 'x');
  expect(exitCode).toBe(EXIT_FAILED);
  expect(run).not.toHaveBeenCalled();
});
