import { pickWeighted } from './prng';
import type { Mistake, Rng } from '../common/oracle-contract/oracle';

/**
 * Ways a model breaks JSON syntax. Each renders a value as text that JSON.parse rejects.
 */
export const JSON_MALFORMATIONS: Mistake<string>[] = [
  {
    name: 'prose_around_json',
    weight: 3,
    apply: (json, rng) =>
      rng.chance(0.6)
        ? `${rng.pick(['Here are the results:', 'Sure! Here is the JSON:', 'Output:'])}\n\n${json}`
        : `${json}\n\n${rng.pick(['Let me know if you need anything else.', 'I hope this helps!'])}`,
  },
  { name: 'trailing_comma', weight: 2, apply: (json) => json.replace(/(\s*)}\s*$/, ',$1}') },
  { name: 'single_quotes', weight: 1, apply: (json) => json.replace(/"/g, "'") },
  { name: 'unquoted_keys', weight: 1, apply: (json) => json.replace(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g, '$1:') },
  { name: 'cut_off', weight: 1, apply: (json, rng) => json.slice(0, Math.max(1, Math.floor(json.length * (0.5 + 0.4 * rng.next())))) },
];

/** Renders `value` as malformed JSON; returns the text and the malformation used. */
export function renderMalformedJson(value: unknown, rng: Rng): { text: string; kind: string } {
  const json = renderJson(value, rng);
  const chosen = pickWeighted(rng, JSON_MALFORMATIONS) ?? JSON_MALFORMATIONS[0];
  const text = chosen.apply(json, rng) ?? json;
  if (parses(text)) return { text: text.slice(0, -1), kind: 'cut_off' }; // e.g. single quotes on a value without strings
  return { text, kind: chosen.name };
}

/** Valid JSON in a style a model might use: compact, or pretty-printed. */
export function renderJson(value: unknown, rng: Rng): string {
  return rng.chance(0.5) ? JSON.stringify(value) : JSON.stringify(value, null, 2);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
