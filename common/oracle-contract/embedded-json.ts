/**
 * Finds JSON objects written inside free text (prompts with worked examples). Scans for `{`,
 * finds the matching `}` while skipping string literals, and keeps the spans that parse.
 * Objects nested in a parsed object are not reported separately.
 */
export function findJsonObjects(text: string): Record<string, unknown>[] {
  return findJsonObjectSpans(text).map((span) => span.value);
}

/** A JSON object found in text, with where it starts and where it ends (exclusive). */
export interface JsonObjectSpan {
  value: Record<string, unknown>;
  start: number;
  end: number;
}

/** Like findJsonObjects, with each object's position in the text. */
export function findJsonObjectSpans(text: string): JsonObjectSpan[] {
  const found: JsonObjectSpan[] = [];
  let i = text.indexOf('{');
  while (i !== -1) {
    const end = matchingBrace(text, i);
    let next = i + 1;
    if (end !== -1) {
      const parsed = tryParseObject(text.slice(i, end + 1));
      if (parsed) {
        found.push({ value: parsed, start: i, end: end + 1 });
        next = end + 1;
      }
    }
    i = text.indexOf('{', next);
  }
  return found;
}

/** Parses `text` as a JSON object; null for anything else (arrays, scalars, syntax errors). */
export function tryParseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
