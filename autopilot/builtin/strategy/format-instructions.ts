/** Explicit output-format instructions, written out from a json function's output schema. */
import type { JsonSchema } from '../../../environments/types';

function quoteList(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** A short English description of what a schema accepts. */
export function describeSchemaType(schema: JsonSchema | undefined): string {
  if (!schema || typeof schema !== 'object') return 'any JSON value';
  if (Array.isArray(schema.enum)) return `one of ${quoteList(schema.enum)}`;
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null')[0] : schema.type;
  switch (type) {
    case 'array': {
      const items = schema.items as JsonSchema | undefined;
      const itemType = items && typeof items === 'object' && !Array.isArray(items) ? items.type : undefined;
      if (itemType === 'string') return 'a list of strings';
      if (itemType === 'number' || itemType === 'integer') return 'a list of numbers';
      if (itemType === 'object') return 'a list of objects';
      return 'a list';
    }
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    default:
      return 'any JSON value';
  }
}

/**
 * The format section for the system prompt. json functions get the exact keys, their types and
 * the "JSON only" rule; chat functions only get told to follow the worked examples.
 */
export function buildFormatInstructions(functionType: 'chat' | 'json', outputSchema: JsonSchema | null, hasExamples: boolean): string {
  if (functionType === 'chat') {
    return hasExamples ? 'Answer in the same form as the worked examples below, with nothing extra.' : '';
  }
  const properties = outputSchema?.properties as Record<string, JsonSchema> | undefined;
  const jsonOnly = 'Reply with the JSON object only: no explanation before or after it, and no markdown code fences.';
  if (!properties || Object.keys(properties).length === 0) {
    return `Output format: reply with a single valid JSON object. ${jsonOnly}`;
  }
  const keys = Object.keys(properties);
  const required = new Set(Array.isArray(outputSchema?.required) ? (outputSchema?.required as string[]) : []);
  const lines = [`Output format: reply with a single JSON object with exactly these keys: ${quoteList(keys)}.`];
  for (const key of keys) {
    const schema = properties[key];
    const description = typeof schema?.description === 'string' ? ` (${schema.description})` : '';
    const optional = required.has(key) ? '' : ', may be omitted';
    lines.push(`- ${JSON.stringify(key)}: ${describeSchemaType(schema)}${description}${optional}`);
  }
  const allRequired = keys.every((k) => required.has(k));
  if (allRequired) lines.push('Every key is required.');
  if (keys.some((k) => describeSchemaType(properties[k]).startsWith('a list'))) {
    lines.push('Use an empty list [] when there is nothing for a key; never drop the key.');
  }
  lines.push('Do not add any other keys.');
  lines.push(jsonOnly);
  return lines.join('\n');
}
