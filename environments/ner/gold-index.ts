import type { NerEntities, NerRow } from './entities';

/**
 * Sentence → gold entities for every NER row loaded in this process; the simulator's oracle reads
 * it to recognise NER requests. A sentence seen in two datasets keeps the latest labels.
 * Sentences are also indexed by their first two words, so one can be found anywhere inside a
 * rendered prompt (a custom template or wrapper around the sentence).
 */
const gold = new Map<string, NerEntities>();
/** the same, keyed by the sentence with its whitespace collapsed (how findNerSentence reads text) */
const goldBySpacing = new Map<string, NerEntities>();
const byOpening = new Map<string, Set<string>>();

function opening(words: readonly string[], at: number): string {
  return `${words[at] ?? ''} ${words[at + 1] ?? ''}`;
}

export function indexNerRows(rows: readonly NerRow[]): void {
  for (const row of rows) {
    gold.set(row.input.trim(), row.output);
    const sentence = collapseSpace(row.input);
    goldBySpacing.set(sentence, row.output);
    const key = opening(sentence.split(/\s+/), 0);
    if (!byOpening.has(key)) byOpening.set(key, new Set());
    byOpening.get(key)!.add(sentence);
  }
}

export function lookupNerGold(sentence: string): NerEntities | null {
  return gold.get(sentence.trim()) ?? null;
}

/**
 * The known sentence that occurs last in `text` (the task's input comes after any examples),
 * the longest one when several end there; null when the text holds none.
 */
export function findNerSentence(text: string): { sentence: string; gold: NerEntities; index: number } | null {
  const normalised = collapseSpace(text);
  const words = normalised.split(' ');
  let best: { sentence: string; index: number } | null = null;
  let offset = 0;
  for (let w = 0; w < words.length; w++) {
    // a sentence may open right after a quote or bracket glued to its first word («EU rejects …)
    const lead = /^[^A-Za-z0-9]*/.exec(words[w])![0].length;
    const starts = lead > 0 && lead < words[w].length ? [0, lead] : [0];
    for (const skip of starts) {
      const at = offset + skip;
      const key = opening([words[w].slice(skip), words[w + 1] ?? ''], 0);
      for (const sentence of byOpening.get(key) ?? []) {
        if (!normalised.startsWith(sentence, at)) continue;
        const after = normalised[at + sentence.length];
        if (after !== undefined && /[A-Za-z0-9]/.test(after)) continue; // a longer word, not this sentence
        if (!best || at > best.index || (at === best.index && sentence.length > best.sentence.length)) best = { sentence, index: at };
      }
    }
    offset += words[w].length + 1;
  }
  return best ? { ...best, gold: goldBySpacing.get(best.sentence)! } : null;
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
