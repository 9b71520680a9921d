/**
 * Command-line options of the benchmark scripts. The usage text is the only list of options:
 * every `[--name value]` in it takes a value, every `[--name]` is a switch. `--help` prints the
 * usage and exits; an option the usage does not name, or one missing its value, is an error that
 * names it (a typo such as `--seed 1` must not start a long run with the defaults).
 */

export interface ScriptArgs {
  /** the value given for `name`, or `fallback` */
  value(name: string, fallback: string): string;
  /** the value given for `name` as a number, or `fallback`; a value that is not a number is a ScriptArgsError */
  number(name: string, fallback: number): number;
  /** whether `name` was given */
  given(name: string): boolean;
}

export class ScriptArgsError extends Error {}

/** The options named in a usage text: name → whether it takes a value. */
export function usageOptions(usage: string): Map<string, boolean> {
  const options = new Map<string, boolean>();
  for (const match of usage.matchAll(/\[(--[a-z][a-z0-9-]*)( [^\]]+)?\]/g)) options.set(match[1], match[2] !== undefined);
  return options;
}

/** Parses `argv` (without node and the script) against `usage`; throws ScriptArgsError on bad input. */
export function parseScriptArgs(usage: string, argv: readonly string[]): ScriptArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const options = usageOptions(usage);
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    const takesValue = options.get(name);
    if (takesValue === undefined) throw new ScriptArgsError(`unknown option ${JSON.stringify(name)}; the options are ${[...options.keys()].join(', ')}`);
    if (!takesValue) {
      values.set(name, true);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new ScriptArgsError(`option ${name} needs a value`);
    values.set(name, value);
    i += 1;
  }
  // a script asking for an option its usage does not list would silently get the default
  const known = (name: string) => {
    if (!options.has(name)) throw new Error(`the script reads option ${name}, which its usage text does not list`);
    return name;
  };
  const value = (name: string, fallback: string) => {
    const given = values.get(known(name));
    return typeof given === 'string' ? given : fallback;
  };
  return {
    value,
    number: (name, fallback) => {
      const text = value(name, String(fallback));
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new ScriptArgsError(`option ${name} expects a number, got ${JSON.stringify(text)}`);
      return n;
    },
    given: (name) => values.has(known(name)),
  };
}

/** `parseScriptArgs` on this process's arguments: `--help` prints the usage and exits 0, bad input prints the error and usage and exits 2. */
export function scriptArgs(usage: string): ScriptArgs {
  try {
    const parsed = parseScriptArgs(usage, process.argv.slice(2));
    if (parsed !== 'help') return parsed;
    process.stdout.write(usage.trim() + '\n');
    process.exit(0);
  } catch (err) {
    if (!(err instanceof ScriptArgsError)) throw err;
    process.stderr.write(`${err.message}\n\nusage:\n${usage.trim()}\n`);
    process.exit(2);
  }
}
