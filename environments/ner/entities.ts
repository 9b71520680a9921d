import { z } from 'zod';

/** The four CoNLL entity categories, in the order the output schema lists them. */
export const ENTITY_CATEGORIES = ['person', 'organization', 'location', 'miscellaneous'] as const;
export type EntityCategory = (typeof ENTITY_CATEGORIES)[number];

/** One answer (or gold label): the entity mentions per category; repeats are kept (multiset). */
export type NerEntities = Record<EntityCategory, string[]>;

/** Exactly the four lists; used for gold labels read from datasets. */
export const nerEntitiesSchema = z.strictObject({
  person: z.array(z.string()),
  organization: z.array(z.string()),
  location: z.array(z.string()),
  miscellaneous: z.array(z.string()),
});

/**
 * The agent's output as entities, or null when a required list is missing or not all strings
 * (the "invalid shape" case, scored as a miss). Extra keys are ignored: the gateway's schema
 * validation already rejects them.
 */
export function asNerEntities(value: unknown): NerEntities | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const out = {} as NerEntities;
  for (const category of ENTITY_CATEGORIES) {
    const list = record[category];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return null;
    out[category] = [...list];
  }
  return out;
}

export function emptyEntities(): NerEntities {
  return { person: [], organization: [], location: [], miscellaneous: [] };
}

export type NerSplit = 'train' | 'test';

/** One labelled sentence of a dataset. */
export interface NerRow {
  input: string;
  output: NerEntities;
  split: NerSplit;
}
