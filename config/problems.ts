import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { closestMatch } from './did-you-mean';
import { KNOWN_KEYS } from './schema';

type PathSegment = PropertyKey;

/** `environments[0].episodes_per_iteration`; keys that are not plain words are bracket-quoted. */
export function formatKeyPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

const SECRET_KEY_RE = /api_key$/i;
export const MASK = '***';

/** A copy of `value` in which every value under a key ending in `api_key` is masked. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY_RE.test(key) ? MASK : maskSecrets(inner)]));
  }
  return value;
}

/** The value at a key path of parsed YAML or JSON, or undefined where the path leads nowhere. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as string];
  }
  return current;
}

/** The offending value, masked when it sits under a secret-looking key. */
function maskedValueAt(root: unknown, path: readonly PathSegment[]): unknown {
  if (path.some((segment) => typeof segment === 'string' && SECRET_KEY_RE.test(segment))) return MASK;
  return maskSecrets(valueAt(root, path));
}

/** The keys the object at `path` accepts (for did-you-mean), or none for free-form mappings. */
function knownKeysAt(path: readonly PathSegment[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  if (path.length === 1 && (path[0] === 'autopilot_target' || path[0] === 'interlocutor' || path[0] === 'infra')) return KNOWN_KEYS[path[0]];
  if (path.length === 2 && path[0] === 'environments' && typeof path[1] === 'number') return KNOWN_KEYS.environment;
  if (path.length === 2 && path[0] === 'autopilot_target' && path[1] === 'builtin') return KNOWN_KEYS.autopilot_builtin;
  if (path.length === 3 && path[0] === 'autopilot_target' && path[1] === 'builtin' && path[2] === 'strategies') return KNOWN_KEYS.autopilot_builtin_strategies;
  return [];
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'missing required key';
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'array') return minimum <= 1 ? 'must not be empty' : `must have at least ${minimum} items`;
      if (issue.origin === 'string') return 'must not be empty';
      return issue.inclusive ? `must be ≥ ${minimum}` : `must be > ${minimum}`;
    }
    case 'too_big':
      return issue.inclusive ? `must be ≤ ${Number(issue.maximum)}` : `must be < ${Number(issue.maximum)}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const suggestion = typeof input === 'string' ? closestMatch(input, issue.values.map(String)) : undefined;
      return `expected one of ${options}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`;
    }
    default:
      return issue.message;
  }
}

/** Where in the source text a key path sits (for ordering problems as they appear in the file). */
export type LocateKeyPath = (path: readonly PathSegment[]) => number | undefined;

/**
 * One problem per zod issue, and one per unknown key (zod groups unknown keys of an object into
 * one issue); ordered as they appear in the file when `locate` is given.
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, locate?: LocateKeyPath): ConfigProblem[] {
  const located: { problem: ConfigProblem; offset: number }[] = [];
  const problems = {
    push(problem: ConfigProblem, path: readonly PathSegment[]) {
      located.push({ problem, offset: locate?.(path) ?? Number.MAX_SAFE_INTEGER });
    },
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion = closestMatch(key, knownKeysAt(issue.path));
        problems.push(
          {
            path: formatKeyPath([...issue.path, key]),
            message: `unknown key${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`,
          },
          [...issue.path, key],
        );
      }
      continue;
    }
    const input = valueAt(raw, issue.path);
    const problem: ConfigProblem = { path: formatKeyPath(issue.path), message: describe(issue, input) };
    if (input !== undefined) problem.value = maskedValueAt(raw, issue.path);
    problems.push(problem, issue.path);
  }
  // Array.prototype.sort is stable, so problems at one position keep zod's order.
  return located.sort((a, b) => a.offset - b.offset).map((entry) => entry.problem);
}
