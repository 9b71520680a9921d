import { lastUserText } from '../../sim-provider/openai-wire';
import type { JsonOracleAnswer, Oracle } from '../../sim-provider/types';
import { loadSyntheticRows } from './dataset';
import { ENTITY_CATEGORIES, type NerEntities } from './entities';
import { lookupNerGold } from './gold-index';
import { NER_SCHEMA_MISTAKES, nerContentMistakes } from './mistakes';
import { NER_ENV_NAME } from './spec';

/**
 * The simulator's NER knowledge: a request whose last user message is a sentence of any NER
 * dataset loaded in this process (the shipped synthetic one always) gets the gold entities as
 * its ideal answer.
 */
export const nerOracle: Oracle = {
  name: NER_ENV_NAME,
  answer(request) {
    loadSyntheticRows(); // indexes the shipped dataset, also in a standalone simulator process
    const text = lastUserText(request).trim();
    const lines = text.split('\n');
    const sentence = lookupNerGold(text) ? text : lines[lines.length - 1].trim(); // e.g. "Sentence:\n<text>"
    const gold = lookupNerGold(sentence);
    if (!gold) return null;
    const answer: JsonOracleAnswer = {
      kind: 'json',
      ideal: { ...gold } as unknown as Record<string, unknown>,
      outputKeys: [...ENTITY_CATEGORIES],
      difficulty: nerDifficulty(sentence, gold),
      mistakes: nerContentMistakes(sentence),
      schemaMistakes: NER_SCHEMA_MISTAKES,
    };
    return answer;
  },
};

/**
 * More entities, multi-word names, miscellaneous entities, repeats and all-caps headlines make
 * a sentence harder; a sentence without entities is easy but not free (hallucinations).
 */
export function nerDifficulty(sentence: string, gold: NerEntities): number {
  const distinct = new Set(ENTITY_CATEGORIES.flatMap((c) => gold[c].map((e) => `${c}:${e}`)));
  const mentions = ENTITY_CATEGORIES.reduce((n, c) => n + gold[c].length, 0);
  const multiWord = [...distinct].filter((e) => e.includes(' ')).length;
  const misc = new Set(gold.miscellaneous).size;
  const headline = /[A-Z]{3,} - [A-Z]/.test(sentence) || /^[A-Z ]+ \d{4}-\d{2}-\d{2}$/.test(sentence);
  return 0.35 + 0.3 * distinct.size + 0.15 * multiWord + 0.15 * misc + (mentions > distinct.size ? 0.1 : 0) + (headline ? 0.1 : 0);
}
