import type { Mistake, Rng } from '../../common/oracle-contract/oracle';
import { asNerEntities, ENTITY_CATEGORIES, type EntityCategory, type NerEntities } from './entities';

/**
 * How a simulated model gets NER wrong. Content mistakes keep valid, schema-conforming JSON;
 * schema mistakes keep valid JSON with the wrong shape. Each returns null when it cannot apply.
 */
type Json = Record<string, unknown>;

/** Which category a model confuses each category with, most plausible first. */
const CONFUSIONS: Record<EntityCategory, EntityCategory[]> = {
  person: ['organization', 'location', 'miscellaneous'],
  organization: ['location', 'miscellaneous', 'person'],
  location: ['organization', 'miscellaneous'],
  miscellaneous: ['organization', 'location', 'person'],
};

const NOT_ENTITIES = new Set(['A', 'An', 'The', 'It', 'In', 'On', 'At', 'Of', 'And', 'But', 'He', 'She', 'They', 'We', 'No', 'Results', 'Half-time', 'Attendance']);
const DAYS_AND_MONTHS = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/;

/** Content mistakes for one sentence (hallucinations are drawn from its words). */
export function nerContentMistakes(sentence: string): Mistake<Json>[] {
  return [
    { name: 'missed_entity', weight: 35, apply: (value, rng) => withEntities(value, (e) => missEntity(e, rng)) },
    { name: 'mislabelled_category', weight: 25, apply: (value, rng) => withEntities(value, (e) => mislabel(e, rng)) },
    { name: 'hallucinated_entity', weight: 20, apply: (value, rng) => withEntities(value, (e) => hallucinate(e, sentence, rng)) },
    { name: 'truncated_name', weight: 15, apply: (value, rng) => withEntities(value, (e) => truncateName(e, rng)) },
    { name: 'collapsed_repeats', weight: 5, apply: (value) => withEntities(value, collapseRepeats) },
  ];
}

const RENAMES: Record<EntityCategory, string[]> = {
  person: ['persons', 'people', 'PER'],
  organization: ['organizations', 'organisation', 'ORG'],
  location: ['locations', 'LOC'],
  miscellaneous: ['misc', 'other', 'MISC'],
};

export const NER_SCHEMA_MISTAKES: Mistake<Json>[] = [
  {
    name: 'missing_key',
    weight: 3,
    apply: (value, rng) => {
      const out = { ...value };
      delete out[rng.chance(0.6) ? 'miscellaneous' : rng.pick(ENTITY_CATEGORIES)];
      return out;
    },
  },
  {
    name: 'renamed_key',
    weight: 3,
    apply: (value, rng) => {
      const category = rng.pick(ENTITY_CATEGORIES);
      return renameKey(value, category, rng.pick(RENAMES[category]));
    },
  },
  { name: 'nested_under_entities', weight: 1, apply: (value) => ({ entities: value }) },
  {
    name: 'string_instead_of_list',
    weight: 1,
    apply: (value, rng) => {
      const category = rng.pick(ENTITY_CATEGORIES);
      const list = value[category];
      return Array.isArray(list) ? { ...value, [category]: list.join(', ') } : null;
    },
  },
  { name: 'extra_key', weight: 1, apply: (value, rng) => ({ ...value, [rng.pick(['date', 'other', 'numbers'])]: [] }) },
];

function withEntities(value: Json, change: (entities: NerEntities) => NerEntities | null): Json | null {
  const entities = asNerEntities(value);
  return entities ? (change(entities) as unknown as Json | null) : null;
}

function distinctMentions(entities: NerEntities): { category: EntityCategory; text: string }[] {
  const seen = new Set<string>();
  const out: { category: EntityCategory; text: string }[] = [];
  for (const category of ENTITY_CATEGORIES) {
    for (const text of entities[category]) {
      if (seen.has(`${category}\u0000${text}`)) continue;
      seen.add(`${category}\u0000${text}`);
      out.push({ category, text });
    }
  }
  return out;
}

/** Drops every mention of one entity: models skip an entity, not one of its mentions. */
function missEntity(entities: NerEntities, rng: Rng): NerEntities | null {
  const mentions = distinctMentions(entities);
  if (mentions.length === 0) return null;
  const { category, text } = rng.pick(mentions);
  return { ...entities, [category]: entities[category].filter((t) => t !== text) };
}

function mislabel(entities: NerEntities, rng: Rng): NerEntities | null {
  const mentions = distinctMentions(entities);
  if (mentions.length === 0) return null;
  const { category, text } = rng.pick(mentions);
  const confusions = CONFUSIONS[category];
  const target = rng.chance(0.6) ? confusions[0] : rng.pick(confusions);
  const moved = entities[category].filter((t) => t === text);
  return { ...entities, [category]: entities[category].filter((t) => t !== text), [target]: [...entities[target], ...moved] };
}

/** Tags a capitalised word of the sentence that is not part of any gold entity. */
function hallucinate(entities: NerEntities, sentence: string, rng: Rng): NerEntities | null {
  const entityWords = new Set(ENTITY_CATEGORIES.flatMap((c) => entities[c]).flatMap((e) => e.split(/\s+/)));
  const candidates = [...new Set(sentence.split(/\s+/))].filter(
    (word) => /^[A-Z][A-Za-z'-]+$/.test(word) && !entityWords.has(word) && !NOT_ENTITIES.has(word),
  );
  if (candidates.length === 0) return null;
  const word = rng.pick(candidates);
  const category: EntityCategory = DAYS_AND_MONTHS.test(word) ? 'miscellaneous' : rng.pick(ENTITY_CATEGORIES);
  return { ...entities, [category]: [...entities[category], word] };
}

/** Keeps part of a multi-word name: a person's last word, the first words of anything else. */
function truncateName(entities: NerEntities, rng: Rng): NerEntities | null {
  const multiWord = distinctMentions(entities).filter((m) => m.text.includes(' '));
  if (multiWord.length === 0) return null;
  const { category, text } = rng.pick(multiWord);
  const words = text.split(' ');
  const short = category === 'person' ? words[words.length - 1] : words.slice(0, -1).join(' ');
  return { ...entities, [category]: entities[category].map((t) => (t === text ? short : t)) };
}

/** Lists a repeated entity once (changes Jaccard, not exact match). */
function collapseRepeats(entities: NerEntities): NerEntities | null {
  const hasRepeats = ENTITY_CATEGORIES.some((c) => new Set(entities[c]).size !== entities[c].length);
  if (!hasRepeats) return null;
  const out = { ...entities };
  for (const c of ENTITY_CATEGORIES) out[c] = [...new Set(entities[c])];
  return out;
}

function renameKey(value: Json, from: string, to: string): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) out[key === from ? to : key] = v;
  return out;
}
