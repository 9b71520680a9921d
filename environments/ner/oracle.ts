import { lastUserText } from '../../common/oracle-contract/chat-request';
import type { ExampleVerdict, JsonOracleAnswer, Oracle, WorkedExample } from '../../common/oracle-contract/oracle';
import { loadSyntheticRows } from './dataset';
import { asNerEntities, ENTITY_CATEGORIES, type NerEntities } from './entities';
import { findNerSentence } from './gold-index';
import { computeExactMatch } from './metrics';
import { NER_SCHEMA_MISTAKES, nerContentMistakes } from './mistakes';
import { NER_ENV_NAME } from './spec';

/**
 * The simulator's NER knowledge: a request whose last user message holds a sentence of any NER
 * dataset loaded in this process (the shipped synthetic one always) — bare, or inside whatever
 * template wraps it — gets the gold entities as its ideal answer. Worked examples are checked
 * against the gold entities of their own sentence.
 */
export const nerOracle: Oracle = {
  name: NER_ENV_NAME,
  answer(request) {
    loadSyntheticRows(); // indexes the shipped dataset, also in a standalone simulator process
    const found = findNerSentence(lastUserText(request));
    if (!found) return null;
    const answer: JsonOracleAnswer = {
      kind: 'json',
      ideal: { ...found.gold } as unknown as Record<string, unknown>,
      outputKeys: [...ENTITY_CATEGORIES],
      difficulty: nerDifficulty(found.sentence, found.gold),
      mistakes: nerContentMistakes(found.sentence),
      schemaMistakes: NER_SCHEMA_MISTAKES,
    };
    return answer;
  },
  judgeExample(example) {
    loadSyntheticRows();
    return judgeNerExample(example);
  },
};

/** Verdicts by example text: a run shows the same examples on every request. Cleared when full. */
const verdicts = new Map<string, ExampleVerdict | null>();
const MAX_VERDICTS = 20_000;

/** A worked example's labels against the gold of its sentence; null when its input holds no known sentence or its output no entities. */
export function judgeNerExample(example: WorkedExample): ExampleVerdict | null {
  const key = `${example.input}\u0000${JSON.stringify(example.output)}`;
  if (verdicts.has(key)) return verdicts.get(key)!;
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  const verdict = judgeUncached(example);
  verdicts.set(key, verdict);
  return verdict;
}

function judgeUncached(example: WorkedExample): ExampleVerdict | null {
  const found = findNerSentence(example.input);
  const shown = typeof example.output === 'string' ? null : asNerEntities(example.output);
  if (!found || !shown) return null;
  const correct = computeExactMatch(shown, found.gold);
  return { instance: found.sentence, correct, demonstrates: correct ? [] : demonstratedMistakes(shown, found.gold) };
}

/** Which of the NER mistakes (mistakes.ts) turn the gold entities into the example's labels. */
function demonstratedMistakes(shown: NerEntities, gold: NerEntities): string[] {
  const found = new Set<string>();
  const categoryOf = (entities: NerEntities, text: string) => ENTITY_CATEGORIES.filter((c) => entities[c].includes(text));
  for (const category of ENTITY_CATEGORIES) {
    for (const text of new Set(gold[category])) {
      if (shown[category].includes(text)) continue;
      if (categoryOf(shown, text).length > 0) found.add('mislabelled_category');
      else if (ENTITY_CATEGORIES.some((c) => shown[c].some((s) => s !== text && text.includes(s)))) found.add('truncated_name');
      else found.add('missed_entity');
    }
    for (const text of new Set(shown[category])) {
      const inGold = categoryOf(gold, text).length > 0;
      const partOfGold = ENTITY_CATEGORIES.some((c) => gold[c].some((g) => g !== text && g.includes(text)));
      if (!inGold && !partOfGold) found.add('hallucinated_entity');
    }
  }
  return [...found];
}

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
