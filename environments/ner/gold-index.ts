import type { NerEntities, NerRow } from './entities';

/**
 * Sentence → gold entities for every NER row loaded in this process; the simulator's oracle reads
 * it to recognise NER requests. A sentence seen in two datasets keeps the latest labels.
 */
const gold = new Map<string, NerEntities>();

export function indexNerRows(rows: readonly NerRow[]): void {
  for (const row of rows) gold.set(row.input.trim(), row.output);
}

export function lookupNerGold(sentence: string): NerEntities | null {
  return gold.get(sentence.trim()) ?? null;
}
