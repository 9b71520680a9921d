import { ATTRIBUTES, CATALOGUE, type AttributeId, type CatalogueItem } from './catalogue';

/**
 * What a question means in the catalogue's terms. The simulated answerer and the simulated asker
 * read questions with this one function, so the asker can rely on what its questions meant.
 */
export type QuestionMeaning =
  | { kind: 'guess'; item: CatalogueItem }
  | { kind: 'attribute'; attribute: AttributeId }
  | { kind: 'unknown' };

/** A question naming a catalogue thing is a guess; otherwise the first attribute it matches; otherwise unknown. */
export function interpretQuestion(question: string): QuestionMeaning {
  const text = canonicalText(question);
  const named = CATALOGUE.find((entry) => namesItem(text, entry));
  if (named) return { kind: 'guess', item: named };
  const attribute = ATTRIBUTES.find((a) => a.pattern.test(text));
  return attribute ? { kind: 'attribute', attribute: attribute.id } : { kind: 'unknown' };
}

/** True when the question names `name` (the secret, which may be outside the catalogue) or one of the aliases. */
export function questionNames(question: string, name: string, aliases: readonly string[] = []): boolean {
  const text = canonicalText(question);
  return [name, ...aliases].some((n) => n.trim().length > 0 && containsName(text, n.toLowerCase().trim()));
}

function namesItem(text: string, entry: CatalogueItem): boolean {
  return [entry.name, ...entry.aliases].some((n) => containsName(text, n));
}

/** Whole words, plural tolerated ("dogs", "boxes"). */
function containsName(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(^|[^a-z0-9])${escaped}(s|es)?($|[^a-z0-9])`).test(text);
}

/** Lower case; "bread box" joined so the classic breadbox question is not a guess of "bread". */
function canonicalText(question: string): string {
  return question.toLowerCase().replace(/\bbread\s+box/g, 'breadbox');
}
