import type { ConfigEdit } from './types';

/** Quoted in warnings about unusable writes. */
const WARNING_SNIPPET_CHARS = 200;

export interface FlattenedConfigWrites {
  /** the edits to apply, in order */
  edits: ConfigEdit[];
  /** the writes as the service returned them */
  rawWrites: unknown[];
  /** one line per write or item that was skipped */
  warnings: string[];
}

/**
 * Turns the config-writes response into a flat list of edits (reference/original-harness.md §4.5).
 * The response is `{config_writes: [...]}` or a bare list. Each write is either an event
 * wrapper (a `write_config` tool call whose `payload.arguments.edit` is a list of edits), an
 * edit itself (it has `operation`), or something we cannot use (skipped with a warning).
 */
export function flattenConfigWrites(response: unknown): FlattenedConfigWrites {
  const warnings: string[] = [];
  const rawWrites = rawWritesOf(response, warnings);
  const edits: ConfigEdit[] = [];

  for (const write of rawWrites) {
    if (isRecord(write) && 'payload' in write) {
      const payload = write.payload;
      const args = isRecord(payload) ? payload.arguments : undefined;
      const edit = isRecord(args) ? args.edit : undefined;
      if (!Array.isArray(edit)) {
        warnings.push(`config write has no edit list in payload.arguments.edit: ${snippet(write)}`);
        continue;
      }
      for (const item of edit) {
        // Our typing needs objects; a non-object item could never be applied anyway.
        if (isRecord(item)) edits.push(item);
        else warnings.push(`config write carries an edit that is not an object: ${snippet(item)}`);
      }
    } else if (isRecord(write) && 'operation' in write) {
      edits.push(write);
    } else {
      warnings.push(`unrecognised config write: ${snippet(write)}`);
    }
  }
  return { edits, rawWrites, warnings };
}

function rawWritesOf(response: unknown, warnings: string[]): unknown[] {
  if (Array.isArray(response)) return response;
  if (isRecord(response) && Array.isArray(response.config_writes)) return response.config_writes;
  if (response !== undefined && response !== null) warnings.push(`config-writes response is neither a list nor {config_writes: [...]}: ${snippet(response)}`);
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function snippet(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.slice(0, WARNING_SNIPPET_CHARS);
}
