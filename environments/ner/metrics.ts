import { ENTITY_CATEGORIES, type NerEntities } from './entities';

/**
 * NER scoring exactly as llmgym computes it (reference/llmgym-envs.md §3.1): flatten each
 * answer to `__CATEGORY__::entity` strings, compare sets for exact match, multisets for Jaccard.
 */

/** `{person: ['Tony Roche']}` → `['__PERSON__::Tony Roche']`, one string per mention. */
export function flattenEntities(entities: NerEntities): string[] {
  const out: string[] = [];
  for (const category of ENTITY_CATEGORIES) {
    for (const entity of entities[category]) out.push(`__${category.toUpperCase()}__::${entity}`);
  }
  return out;
}

/** True when the two flattened answers hold the same distinct strings (repeats do not matter). */
export function computeExactMatch(predicted: NerEntities, gold: NerEntities): boolean {
  const a = new Set(flattenEntities(predicted));
  const b = new Set(flattenEntities(gold));
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

/**
 * Multiset Jaccard: Σ min(count_pred, count_gold) / Σ max(count_pred, count_gold) over the
 * distinct flattened strings; 1 when both are empty (denominator 0).
 */
export function computeJaccardSimilarity(predicted: NerEntities, gold: NerEntities): number {
  const predCounts = countItems(flattenEntities(predicted));
  const goldCounts = countItems(flattenEntities(gold));
  let numerator = 0;
  let denominator = 0;
  for (const item of new Set([...predCounts.keys(), ...goldCounts.keys()])) {
    const p = predCounts.get(item) ?? 0;
    const g = goldCounts.get(item) ?? 0;
    numerator += Math.min(p, g);
    denominator += Math.max(p, g);
  }
  return denominator === 0 ? 1 : numerator / denominator;
}

function countItems(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
