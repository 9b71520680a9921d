import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseScriptArgs, ScriptArgsError, usageOptions } from './script-args';

const USAGE = `
  node dist/scripts/x.js [--seeds 1,2,3] [--work-dir <dir>]
       [--cpu-prof] [--episodes N]
`;

describe('benchmark script options', () => {
  it('reads value options and switches from the usage text', () => {
    expect([...usageOptions(USAGE)]).toEqual([
      ['--seeds', true],
      ['--work-dir', true],
      ['--cpu-prof', false],
      ['--episodes', true],
    ]);
  });

  it('returns given values and falls back for the rest', () => {
    const args = parseScriptArgs(USAGE, ['--seeds', '4,5', '--cpu-prof']);
    if (args === 'help') throw new Error('unexpected help');
    expect(args.value('--seeds', '1')).toBe('4,5');
    expect(args.value('--episodes', '20')).toBe('20');
    expect(args.given('--cpu-prof')).toBe(true);
    expect(args.given('--work-dir')).toBe(false);
  });

  it('reads numbers, refusing what is not one; a name the usage does not list is a bug in the script', () => {
    const args = parseScriptArgs(USAGE, ['--episodes', '12', '--seeds', 'abc']);
    if (args === 'help') throw new Error('unexpected help');
    expect(args.number('--episodes', 20)).toBe(12);
    expect(() => args.number('--seeds', 1)).toThrow(new ScriptArgsError('option --seeds expects a number, got "abc"'));
    expect(() => args.value('--episode', '1')).toThrow('the script reads option --episode, which its usage text does not list');
    expect(() => args.given('--cpu')).toThrow('which its usage text does not list');
  });

  it('asks for help instead of running', () => {
    expect(parseScriptArgs(USAGE, ['--seeds', '1', '--help'])).toBe('help');
    expect(parseScriptArgs(USAGE, ['-h'])).toBe('help');
  });

  it('rejects an unknown option and a missing value, naming them', () => {
    expect(() => parseScriptArgs(USAGE, ['--seed', '1'])).toThrow(new ScriptArgsError('unknown option "--seed"; the options are --seeds, --work-dir, --cpu-prof, --episodes'));
    expect(() => parseScriptArgs(USAGE, ['--episodes'])).toThrow('option --episodes needs a value');
    expect(() => parseScriptArgs(USAGE, ['--work-dir', '--seeds', '1'])).toThrow('option --work-dir needs a value');
    expect(() => parseScriptArgs(USAGE, ['stray'])).toThrow('unknown option "stray"');
  });

  // the built scripts themselves (scripts/setup.sh builds dist/): --help must print and exit
  // before any run starts (it once started an arena)
  const script = (name: string, ...argv: string[]) =>
    spawnSync('node', [path.join(__dirname, '..', 'dist', 'scripts', `${name}.js`), ...argv], { encoding: 'utf8', timeout: 60_000 });

  it.each(['arena', 'bench-controls', 'bench-gateway', 'bench-workers', 'measure-quickstart', 'measure-local'])('%s --help prints its usage and starts nothing', (name) => {
    const result = script(name, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`node dist/scripts/${name}.js`);
    expect(result.stderr).not.toMatch(/started workflow|starting/);
  });

  it('a script given an unknown option exits 2 naming it', () => {
    const result = script('arena', '--seed', '1');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option "--seed"');
  });
});
