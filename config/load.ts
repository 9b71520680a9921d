import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { redactSecrets } from '../common/secrets';
import { ConfigError, type ConfigProblem } from './config-error';
import { problemsFromIssues, type LocateKeyPath } from './problems';
import { BenchmarkConfigSchema, type BenchmarkConfig } from './schema';

export { ConfigError, type ConfigProblem } from './config-error';

/**
 * Reads, parses and validates a benchmark config YAML. Throws `ConfigError` listing every
 * problem at once (YAML syntax with line/column, unknown keys with suggestions, bad values),
 * so a user fixes the file in one pass. Relative paths inside the config (e.g. the interlocutor
 * config) stay relative to the process working directory, as in the original.
 */
export function loadConfig(file: string): BenchmarkConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'config file not found' : code === 'EISDIR' ? 'is a directory, not a config file' : `cannot read config file (${code ?? String(err)})`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  return parseConfig(text, file);
}

/** Parses and validates YAML text; `file` only labels the error messages. */
export function parseConfig(text: string, file = '<config>'): BenchmarkConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', message: `YAML syntax error at line ${line}, column ${col}: ${error.message}` };
      }),
    );
  }
  return validateConfig(doc.toJS(), file, keyPathLocator(doc));
}

/** Validates an already-parsed YAML value. */
export function validateConfig(raw: unknown, file = '<config>', locate?: LocateKeyPath): BenchmarkConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: 'the top level must be a mapping with an `environments` list' }]);
  }
  const result = BenchmarkConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  // Keys ending in `api_key` are masked by name; values of secret environment variables by value.
  const problems: ConfigProblem[] = problemsFromIssues(result.error.issues, raw, locate).map((problem) =>
    typeof problem.value === 'string' ? { ...problem, value: redactSecrets(problem.value) } : problem,
  );
  throw new ConfigError(file, problems);
}

/** Source offset of the deepest existing node on a key path (a key's own position for mapping entries). */
function keyPathLocator(doc: Document): LocateKeyPath {
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        offset = (node as { range?: [number] } | undefined)?.range?.[0] ?? offset;
      } else break;
    }
    return offset;
  };
}
