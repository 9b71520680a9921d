import { redactSecrets } from '../common/secrets';

/** One thing wrong with a config file: where (`environments[0].episodes_per_iteration`), what, and the offending value (secrets masked). */
export interface ConfigProblem {
  path: string;
  message: string;
  value?: unknown;
}

/** A config file that cannot be used; `problems` holds one entry per problem, the message lists them one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(problems.map((problem) => formatProblem(file, problem)).join('\n'));
  }
}

/** `<file>: <key.path>: <message> (got <value>)`; the path and value parts are left out when absent. */
export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.path ? `${file}: ${problem.path}` : file;
  const got = 'value' in problem ? ` (got ${renderValue(problem.value)})` : '';
  return redactSecrets(`${where}: ${problem.message}${got}`);
}

const MAX_VALUE_CHARS = 80;

function renderValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}
