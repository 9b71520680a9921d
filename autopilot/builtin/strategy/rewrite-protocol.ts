/**
 * The text conventions of the optimiser meta-prompt (optimizer-rewrite.ts): the role line that
 * opens its system message and the markers around the templates and the output schema. The
 * simulated provider does not know them; it reads any rewrite request generically.
 */

/** First sentence of the optimiser's system message. */
export const REWRITE_ROLE_LINE = 'You are a prompt optimiser for an LLM application.';

/** The rewritten template comes back between these (each on its own line). */
export const NEW_TEMPLATE_START = '<<<NEW_TEMPLATE>>>';
export const NEW_TEMPLATE_END = '<<<END_NEW_TEMPLATE>>>';

/** The current template is sent between these. */
export const CURRENT_TEMPLATE_START = '<<<CURRENT_TEMPLATE>>>';
export const CURRENT_TEMPLATE_END = '<<<END_CURRENT_TEMPLATE>>>';

/** The output schema (JSON, or `none`) is sent between these. */
export const OUTPUT_SCHEMA_START = '<<<OUTPUT_SCHEMA>>>';
export const OUTPUT_SCHEMA_END = '<<<END_OUTPUT_SCHEMA>>>';

/** The text between the first `start` and the next `end` after it, or null. */
export function textBetween(text: string, start: string, end: string): string | null {
  const from = text.indexOf(start);
  if (from === -1) return null;
  const to = text.indexOf(end, from + start.length);
  if (to === -1) return null;
  return text.slice(from + start.length, to).replace(/^\r?\n/, '').replace(/\r?\n$/, '');
}

/** Names used in `{{ … }}` expressions: the leading identifier of each (`{{ a.b | upper }}` → `a`). */
export function templateVariables(template: string): Set<string> {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]);
  return names;
}
