import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../../../common/mulberry32';
import { findProjectRoot } from '../../../common/project-root';
import { emptyEntities, type EntityCategory, type NerEntities, type NerRow } from '../entities';
import {
  CITIES, CLUBS, COMPANIES, COUNTRIES, EVENTS, INSTITUTIONS, MEDIA, MONTHS, NATIONALITIES, ORGANIZATIONS, OTHER_MISC, PEOPLE, REGIONS, SPORTS_EVENTS, WEEKDAYS,
} from './entity-lists';
import { SENTENCE_TEMPLATES } from './sentence-templates';

/**
 * Generates the synthetic CoNLL-style dataset shipped as `synthetic-conllpp.json`. Deterministic:
 * the same seed and sizes always give the same file. Run after changing the lists or templates:
 *   npx tsc -p . && node dist/environments/ner/data/generate-dataset.js
 */
export const SYNTHETIC_DATASET_SEED = 1996;

export interface GenerateDatasetOptions {
  seed?: number;
  trainSize?: number;
  testSize?: number;
}

export function generateSyntheticNerDataset(options: GenerateDatasetOptions = {}): NerRow[] {
  const { seed = SYNTHETIC_DATASET_SEED, trainSize = 300, testSize = 100 } = options;
  const random = mulberry32(seed);
  const rows: NerRow[] = [];
  const seen = new Set<string>();
  for (let attempts = 0; rows.length < trainSize + testSize; attempts++) {
    if (attempts > 100 * (trainSize + testSize)) throw new Error('generate-dataset: the templates cannot produce enough distinct sentences');
    const template = SENTENCE_TEMPLATES[Math.floor(random() * SENTENCE_TEMPLATES.length)];
    const { input, output } = fillTemplate(template, random);
    if (seen.has(input)) continue;
    seen.add(input);
    rows.push({ input, output, split: rows.length < trainSize ? 'train' : 'test' });
  }
  return rows;
}

/** One row per line: diffs of the committed file stay readable. */
export function serializeDataset(rows: NerRow[]): string {
  return `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`;
}

type Random = () => number;

const CATEGORY_OF_SLOT: Record<string, EntityCategory> = {
  PER: 'person', SUR: 'person',
  ORG: 'organization', CO: 'organization', CLUB: 'organization', INST: 'organization', MEDIA: 'organization',
  LOC: 'location', CTRY: 'location', CITY: 'location', REG: 'location',
  NAT: 'miscellaneous', EVT: 'miscellaneous', SPORT: 'miscellaneous', MISC: 'miscellaneous',
};

const POOLS: Record<string, readonly string[]> = {
  ORG: ORGANIZATIONS, CO: COMPANIES, CLUB: CLUBS, INST: INSTITUTIONS, MEDIA,
  LOC: [...COUNTRIES, ...CITIES, ...REGIONS], CTRY: COUNTRIES, CITY: CITIES, REG: REGIONS,
  NAT: NATIONALITIES, EVT: EVENTS, SPORT: SPORTS_EVENTS, MISC: [...NATIONALITIES, ...EVENTS, ...OTHER_MISC],
};

const SLOT_RE = /\{([A-Za-z]+)(#\d+)?(:U)?\}/g;

/** Fills a template's slots; entities are distinct unless a numbered slot repeats. */
export function fillTemplate(template: string, random: Random): { input: string; output: NerEntities } {
  const output = emptyEntities();
  const repeated = new Map<string, string>();
  const used = new Set<string>();
  const usedPeople = new Set<number>();
  const input = template.replace(SLOT_RE, (_match, kind: string, repeatTag: string | undefined, upper: string | undefined) => {
    const category = CATEGORY_OF_SLOT[kind];
    if (!category) return filler(kind, random);
    const key = repeatTag ? `${kind}${repeatTag}` : null;
    let value = key ? repeated.get(key) : undefined;
    if (value === undefined) {
      value = kind === 'PER' || kind === 'SUR' ? pickPerson(kind, random, usedPeople) : pickDistinct(POOLS[kind], random, used);
      if (key) repeated.set(key, value);
    }
    const text = upper ? value.toUpperCase() : value;
    output[category].push(text);
    return text;
  });
  return { input, output };
}

function pickPerson(kind: string, random: Random, usedPeople: Set<number>): string {
  let index: number;
  do index = Math.floor(random() * PEOPLE.length);
  while (usedPeople.has(index));
  usedPeople.add(index);
  const [given, surname] = PEOPLE[index];
  return kind === 'SUR' ? surname : `${given} ${surname}`;
}

function pickDistinct(pool: readonly string[], random: Random, used: Set<string>): string {
  let value: string;
  do value = pool[Math.floor(random() * pool.length)];
  while (used.has(value));
  used.add(value);
  return value;
}

function filler(kind: string, random: Random): string {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  switch (kind) {
    case 'day': return WEEKDAYS[int(0, WEEKDAYS.length - 1)];
    case 'month': return MONTHS[int(0, MONTHS.length - 1)];
    case 'num': return int(120, 98_000).toLocaleString('en-US');
    case 'small': return String(int(2, 15));
    case 'goals': return String(int(0, 5));
    case 'pct': return `${int(0, 12)}.${int(0, 9)}`;
    case 'price': return `${int(1, 4)},${String(int(0, 999)).padStart(3, '0')}.${String(int(0, 99)).padStart(2, '0')}`;
    case 'score': {
      const loser = int(0, 3);
      return `${loser + int(1, 3)}-${loser}`; // the first-named side won
    }
    case 'date': return `1996-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    case 'time': return `${int(3, 5)}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`;
    case 'sets': return random() < 0.5 ? `6-${int(0, 4)} 6-${int(0, 4)}` : `7-6 ${int(2, 4)}-6 6-${int(0, 4)}`;
    case 'ord': {
      const n = int(2, 89);
      const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
      return `${n}${suffix}`;
    }
    default: throw new Error(`generate-dataset: unknown slot '{${kind}}'`);
  }
}

if (require.main === module) {
  const target = process.argv[2] ?? path.join(findProjectRoot(__dirname), 'environments', 'ner', 'data', 'synthetic-conllpp.json');
  fs.writeFileSync(target, serializeDataset(generateSyntheticNerDataset()));
  process.stdout.write(`wrote ${target}\n`);
}
