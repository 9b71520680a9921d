import type { z } from 'zod';
import { AutopilotProtocolError, quoteValue, type ProtocolFaultKind } from './protocol-error';

/** `a.b[0].c`; keys that are not identifiers are quoted. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/**
 * Parses a response body with a protocol schema, or throws `AutopilotProtocolError` for the
 * first issue, naming the route, the JSON path and the value found there.
 */
export function parseResponse<S extends z.ZodType>(route: string, schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path;
  const kind: ProtocolFaultKind = issue.code === 'custom' ? 'unsafe_name' : 'invalid_shape';
  throw new AutopilotProtocolError({
    kind,
    route,
    jsonPath: path.length === 0 ? null : formatJsonPath(path),
    value: quoteValue(valueAt(body, path)),
    problem: issue.message,
  });
}

/** Parses a body's text as JSON, or throws a `malformed_json` fault. An empty body is `undefined`. */
export function parseJsonBody(route: string, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AutopilotProtocolError({
      kind: 'malformed_json',
      route,
      jsonPath: null,
      value: quoteValue(text),
      problem: `is not JSON (${(err as Error).message})`,
    });
  }
}
