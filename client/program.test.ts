// Argument parsing of every command, driven through runCli with spy handlers: no Temporal server,
// no config file is read. What reaches a handler, what is refused, the message and the exit code.
import { runCli } from './run-cli';
import type { CommandHandlers } from './program';

function spyHandlers(): jest.Mocked<CommandHandlers> {
  return {
    run: jest.fn().mockResolvedValue(undefined),
    snapshot: jest.fn().mockResolvedValue(undefined),
    worker: jest.fn().mockResolvedValue(undefined),
    status: jest.fn().mockResolvedValue(undefined),
    decide: jest.fn().mockResolvedValue(undefined),
    input: jest.fn().mockResolvedValue(undefined),
    validate: jest.fn().mockResolvedValue(undefined),
    compare: jest.fn().mockResolvedValue(undefined),
    arena: jest.fn().mockResolvedValue(undefined),
    report: jest.fn().mockResolvedValue(undefined),
  };
}

async function cli(...args: string[]) {
  const handlers = spyHandlers();
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(['node', 'autopilot-benchmark', ...args], handlers, {
    writeOut: (text) => (stdout += text),
    writeErr: (text) => (stderr += text),
  });
  const called = (Object.keys(handlers) as (keyof CommandHandlers)[]).filter((name) => handlers[name].mock.calls.length > 0);
  return { exitCode, stdout, stderr, handlers, called };
}

/** A refused command line: exit code 1, the first stderr line, and no handler ran. */
async function refused(...args: string[]) {
  const result = await cli(...args);
  expect(result.exitCode).toBe(1);
  expect(result.called).toEqual([]);
  return result.stderr.split('\n')[0];
}

describe('run', () => {
  test('--config alone: every other flag takes its default', async () => {
    const { exitCode, handlers, called } = await cli('run', '--config', 'c.yaml');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['run']);
    expect(handlers.run.mock.calls[0][0]).toEqual({
      config: 'c.yaml',
      env: undefined,
      workDir: '.',
      snapshot: undefined,
      numIterations: undefined,
      episodes: undefined,
      seed: undefined,
      seeds: undefined,
      verbose: false,
      remoteWorkers: false,
    });
  });

  test('every flag reaches the handler, integers as numbers', async () => {
    const { exitCode, handlers } = await cli(
      'run', '--config', 'c.yaml', '--env', 'ner', '--work-dir', 'out', '--snapshot', 'snap/ner',
      '--num-iterations', '0', '--episodes', '12', '--seed', '-3', '--verbose', '--remote-workers',
    );
    expect(exitCode).toBe(0);
    expect(handlers.run.mock.calls[0][0]).toEqual({
      config: 'c.yaml',
      env: 'ner',
      workDir: 'out',
      snapshot: 'snap/ner',
      numIterations: 0,
      episodes: 12,
      seed: -3,
      seeds: undefined,
      verbose: true,
      remoteWorkers: true,
    });
  });

  test('the --flag=value form is accepted', async () => {
    const { handlers } = await cli('run', '--config=c.yaml', '--seed=42');
    expect(handlers.run.mock.calls[0][0]).toMatchObject({ config: 'c.yaml', seed: 42 });
  });

  test('a repeated flag keeps its last value (as the original argparse CLI), except --config', async () => {
    const { handlers } = await cli('run', '--config', 'a.yaml', '--seed', '1', '--seed', '2', '--env', 'x', '--env', 'y');
    expect(handlers.run.mock.calls[0][0]).toMatchObject({ config: 'a.yaml', seed: 2, env: 'y' });
    expect(handlers.run.mock.calls[0][0].configs).toBeUndefined();
  });

  test('a repeated --config, or a comma list, is a matrix of configs in the order given', async () => {
    const repeated = await cli('run', '--config', 'a.yaml', '--config', 'b.yaml,c.yaml');
    expect(repeated.handlers.run.mock.calls[0][0]).toMatchObject({ config: 'a.yaml', configs: ['a.yaml', 'b.yaml', 'c.yaml'] });
    const validate = await cli('validate', '--config', 'a.yaml,b.yaml');
    expect(validate.handlers.validate.mock.calls[0][0]).toMatchObject({ config: 'a.yaml', configs: ['a.yaml', 'b.yaml'] });
  });

  test.each([
    [['--config', 'a.yaml', '--config', 'a.yaml'], "error: option '--config <path>' argument 'a.yaml' is invalid. --config lists a.yaml twice"],
    [['--config', 'a.yaml,'], `error: option '--config <path>' argument 'a.yaml,' is invalid. --config lists an empty path, got "a.yaml,"`],
  ])('--config %p is refused', async (args, message) => {
    expect(await refused('run', ...args)).toBe(message);
  });

  test.each([
    ['--num-iterations', 'two'],
    ['--episodes', '1.5'],
    ['--episodes', '1e3'],
    ['--seed', ''],
    ['--seed', '0x10'],
    ['--seed', '12345678901234567890'],
  ])('%s %p is refused, naming the flag and the value', async (flag, value) => {
    expect(await refused('run', '--config', 'c.yaml', flag, value)).toBe(`error: option '${flag} <n>' argument '${value}' is invalid. ${flag} must be an integer, got "${value}"`);
  });

  test('without --config nothing runs', async () => {
    expect(await refused('run', '--seed', '1')).toBe("error: required option '--config <path>' not specified");
  });

  test('--config with no value is refused', async () => {
    expect(await refused('run', '--config')).toBe("error: option '--config <path>' argument missing");
  });

  test('an unknown flag is refused and named; a near miss gets a suggestion', async () => {
    expect(await refused('run', '--config', 'c.yaml', '--bogus')).toBe("error: unknown option '--bogus'");
    const { stderr } = await cli('run', '--config', 'c.yaml', '--num-iteration', '3');
    expect(stderr).toContain("error: unknown option '--num-iteration'\n(Did you mean --num-iterations?)");
  });

  test('a boolean flag takes no value', async () => {
    expect(await refused('run', '--config', 'c.yaml', '--verbose=yes')).toBe("error: unknown option '--verbose=yes'");
  });

  test('a stray positional argument is refused', async () => {
    expect(await refused('run', '--config', 'c.yaml', 'extra')).toBe("error: too many arguments for 'run'. Expected 0 arguments but got 1.");
  });

  test('a usage error is followed by the command help on stderr', async () => {
    const { stderr, stdout } = await cli('run');
    expect(stderr).toContain('Usage: autopilot-benchmark run [options]');
    expect(stdout).toBe('');
  });
});

describe('snapshot', () => {
  test('defaults: work dir ".", snapshots under "snapshots", mode snapshot', async () => {
    const { exitCode, handlers, called } = await cli('snapshot', '--config', 'c.yaml');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['snapshot']);
    expect(handlers.snapshot.mock.calls[0][0]).toEqual({
      config: 'c.yaml',
      env: undefined,
      workDir: '.',
      snapshotDir: 'snapshots',
      verbose: false,
      remoteWorkers: false,
      mode: 'snapshot',
    });
  });

  test('every flag reaches the handler', async () => {
    const { handlers } = await cli('snapshot', '--config', 'c.yaml', '--env', 'ner', '--work-dir', 'w', '--snapshot-dir', 's', '--verbose', '--remote-workers');
    expect(handlers.snapshot.mock.calls[0][0]).toEqual({ config: 'c.yaml', env: 'ner', workDir: 'w', snapshotDir: 's', verbose: true, remoteWorkers: true, mode: 'snapshot' });
  });

  test.each(['--seed', '--snapshot', '--num-iterations', '--episodes'])('%s belongs to run, not snapshot', async (flag) => {
    expect(await refused('snapshot', '--config', 'c.yaml', flag, '1')).toBe(`error: unknown option '${flag}'`);
  });

  test('without --config nothing runs', async () => {
    expect(await refused('snapshot')).toBe("error: required option '--config <path>' not specified");
  });
});

describe('validate', () => {
  test('takes the run flags (without --remote-workers) and reaches only its handler', async () => {
    const defaults = await cli('validate', '--config', 'c.yaml');
    expect(defaults.called).toEqual(['validate']);
    expect(defaults.handlers.validate.mock.calls[0][0]).toEqual({ config: 'c.yaml', env: undefined, workDir: '.', snapshot: undefined, numIterations: undefined, episodes: undefined, seed: undefined, verbose: false });
    const all = await cli('validate', '--config', 'c.yaml', '--env', 'ner', '--work-dir', 'w', '--snapshot', 's', '--num-iterations', '4', '--episodes', '5', '--seed', '6', '--verbose');
    expect(all.handlers.validate.mock.calls[0][0]).toEqual({ config: 'c.yaml', env: 'ner', workDir: 'w', snapshot: 's', numIterations: 4, episodes: 5, seed: 6, verbose: true });
    expect(await refused('validate', '--config', 'c.yaml', '--remote-workers')).toBe("error: unknown option '--remote-workers'");
    expect(await refused('validate')).toBe("error: required option '--config <path>' not specified");
  });
});

describe('input', () => {
  test('defaults and every flag', async () => {
    const defaults = await cli('input', '--config', 'c.yaml');
    expect(defaults.called).toEqual(['input']);
    expect(defaults.handlers.input.mock.calls[0][0]).toEqual({ config: 'c.yaml', env: undefined, workDir: '.', numIterations: undefined, episodes: undefined, seed: undefined, seeds: undefined });
    const all = await cli('input', '--config', 'c.yaml', '--env', 'ner', '--work-dir', 'w', '--num-iterations', '4', '--episodes', '5', '--seed', '6');
    expect(all.handlers.input.mock.calls[0][0]).toEqual({ config: 'c.yaml', env: 'ner', workDir: 'w', numIterations: 4, episodes: 5, seed: 6, seeds: undefined });
  });

  test('an invalid integer is refused, naming the flag and the value', async () => {
    expect(await refused('input', '--config', 'c.yaml', '--episodes', 'many')).toBe(`error: option '--episodes <n>' argument 'many' is invalid. --episodes must be an integer, got "many"`);
  });

  test.each(['--verbose', '--remote-workers', '--snapshot'])('%s is not an input flag (input starts nothing)', async (flag) => {
    expect(await refused('input', '--config', 'c.yaml', flag)).toBe(`error: unknown option '${flag}'`);
  });

  test('without --config nothing is printed', async () => {
    expect(await refused('input')).toBe("error: required option '--config <path>' not specified");
  });
});

describe('worker', () => {
  test('without --max-runs the worker keeps its own default', async () => {
    const { exitCode, handlers, called } = await cli('worker');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['worker']);
    expect(handlers.worker.mock.calls[0][0]).toEqual({ maxRuns: undefined });
  });

  test('--max-runs is passed as a number', async () => {
    const { handlers } = await cli('worker', '--max-runs', '3');
    expect(handlers.worker.mock.calls[0][0]).toEqual({ maxRuns: 3 });
  });

  test.each([
    ['0', '--max-runs must be at least 1, got "0"'],
    ['-2', '--max-runs must be at least 1, got "-2"'],
    ['two', '--max-runs must be an integer, got "two"'],
  ])('--max-runs %p is refused', async (value, reason) => {
    expect(await refused('worker', '--max-runs', value)).toBe(`error: option '--max-runs <n>' argument '${value}' is invalid. ${reason}`);
  });

  test('--config is passed on (its infra.max_runs_per_worker sets the slots)', async () => {
    const { handlers } = await cli('worker', '--config', 'c.yaml', '--max-runs', '4');
    expect(handlers.worker.mock.calls[0][0]).toEqual({ maxRuns: 4, config: 'c.yaml' });
  });

  test('an unknown flag is refused', async () => {
    expect(await refused('worker', '--seed', '1')).toBe("error: unknown option '--seed'");
  });
});

describe('status', () => {
  test('without an id it lists runs; with one it shows that run', async () => {
    const list = await cli('status');
    expect(list.exitCode).toBe(0);
    expect(list.handlers.status.mock.calls).toEqual([[undefined]]);
    const one = await cli('status', 'bench-ner-1');
    expect(one.handlers.status.mock.calls).toEqual([['bench-ner-1']]);
  });

  test('two ids are refused', async () => {
    expect(await refused('status', 'a', 'b')).toBe("error: too many arguments for 'status'. Expected 1 argument but got 2.");
  });

  test('an unknown flag is refused', async () => {
    expect(await refused('status', '--all')).toBe("error: unknown option '--all'");
  });
});

describe.each(['retry', 'skip', 'abort'] as const)('%s', (decision) => {
  test('sends its own decision for the given run', async () => {
    const { exitCode, handlers, called } = await cli(decision, 'bench-ner-1');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['decide']);
    expect(handlers.decide.mock.calls).toEqual([['bench-ner-1', decision]]);
  });

  test('the workflow id is required', async () => {
    expect(await refused(decision)).toBe("error: missing required argument 'workflow-id'");
  });

  test('only one workflow id at a time', async () => {
    expect(await refused(decision, 'a', 'b')).toBe(`error: too many arguments for '${decision}'. Expected 1 argument but got 2.`);
  });
});

describe('the program', () => {
  test('an unknown command is refused and named; a near miss gets a suggestion', async () => {
    expect(await refused('nope')).toBe("error: unknown command 'nope'");
    const { stderr } = await cli('stauts');
    expect(stderr).toContain("error: unknown command 'stauts'\n(Did you mean status?)");
  });

  test('no command: the help goes to stderr and the exit code is 1', async () => {
    const { exitCode, stderr, stdout, called } = await cli();
    expect(exitCode).toBe(1);
    expect(called).toEqual([]);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: autopilot-benchmark [options] [command]');
  });

  test.each(['--help', 'help', 'run --help', 'help retry'])('`%s` prints help on stdout with exit code 0', async (line) => {
    const { exitCode, stdout, stderr, called } = await cli(...line.split(' '));
    expect(exitCode).toBe(0);
    expect(called).toEqual([]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: autopilot-benchmark/);
  });

  test('the top-level help lists every command', async () => {
    const { stdout } = await cli('--help');
    for (const command of ['run', 'snapshot', 'status', 'retry', 'skip', 'abort', 'input', 'worker', 'compare', 'report']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });
});

describe('--seeds', () => {
  test.each(['run', 'input'] as const)('%s: a comma-separated list reaches the handler as numbers', async (command) => {
    const { exitCode, handlers } = await cli(command, '--config', 'c.yaml', '--seeds', '1,2, -3');
    expect(exitCode).toBe(0);
    expect(handlers[command].mock.calls[0][0]).toMatchObject({ seeds: [1, 2, -3], seed: undefined });
  });

  test('one seed is a list too', async () => {
    const { handlers } = await cli('run', '--config', 'c.yaml', '--seeds=5');
    expect(handlers.run.mock.calls[0][0]).toMatchObject({ seeds: [5] });
  });

  test.each([
    ['1,x', '--seeds must be a comma-separated list of integers, got "1,x" ("x" is not an integer)'],
    ['1,,2', '--seeds must be a comma-separated list of integers, got "1,,2" ("" is not an integer)'],
    ['1.5', '--seeds must be a comma-separated list of integers, got "1.5" ("1.5" is not an integer)'],
    ['1,2,1', '--seeds lists seed 1 twice, got "1,2,1"'],
  ])('--seeds %p is refused, naming the flag and the value', async (value, reason) => {
    expect(await refused('run', '--config', 'c.yaml', '--seeds', value)).toBe(`error: option '--seeds <list>' argument '${value}' is invalid. ${reason}`);
  });

  test.each([
    ['--seed', '1', '--seeds', '1,2'],
    ['--seeds', '1,2', '--seed', '1'],
  ])('%s with %s… is refused before anything starts', async (...args) => {
    expect(await refused('run', '--config', 'c.yaml', ...args)).toBe("error: option '--seeds <list>' cannot be used with option '--seed <n>'");
  });

  test('snapshot takes no seeds', async () => {
    expect(await refused('snapshot', '--config', 'c.yaml', '--seeds', '1,2')).toBe("error: unknown option '--seeds'");
  });
});

describe('compare', () => {
  test('directories and defaults reach the handler', async () => {
    const { exitCode, handlers, called } = await cli('compare', 'out/ner', 'other/run');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['compare']);
    expect(handlers.compare.mock.calls[0][0]).toEqual({ dirs: ['out/ner', 'other/run'], json: false, markdown: false });
  });

  test('--json and --markdown choose the output, one at a time', async () => {
    expect((await cli('compare', 'd', '--json')).handlers.compare.mock.calls[0][0]).toMatchObject({ json: true, markdown: false });
    expect((await cli('compare', 'd', '--markdown')).handlers.compare.mock.calls[0][0]).toMatchObject({ json: false, markdown: true });
    expect(await refused('compare', 'd', '--json', '--markdown')).toBe("error: option '--markdown' cannot be used with option '--json'");
  });

  test('at least one directory is required', async () => {
    expect(await refused('compare')).toBe("error: missing required argument 'dirs'");
  });
});

describe('report', () => {
  test('directories, --out and --ui-url reach the handler; report.html by default', async () => {
    const { exitCode, handlers, called } = await cli('report', 'out/ner', 'other/run');
    expect(exitCode).toBe(0);
    expect(called).toEqual(['report']);
    expect(handlers.report.mock.calls[0][0]).toEqual({ dirs: ['out/ner', 'other/run'], out: 'report.html', uiUrl: undefined });
    expect((await cli('report', 'd', '--out', 'x.html', '--ui-url', 'http://ui:8080')).handlers.report.mock.calls[0][0]).toEqual({ dirs: ['d'], out: 'x.html', uiUrl: 'http://ui:8080' });
  });

  test('at least one directory is required', async () => {
    expect(await refused('report')).toBe("error: missing required argument 'dirs'");
  });
});
