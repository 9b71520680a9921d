import type { NerEntities } from './entities';
import { computeExactMatch, computeJaccardSimilarity, flattenEntities } from './metrics';

const entities = (partial: Partial<NerEntities>): NerEntities => ({ person: [], organization: [], location: [], miscellaneous: [], ...partial });

describe('flattenEntities', () => {
  it('writes __CATEGORY__::entity, one string per mention, categories in schema order', () => {
    expect(flattenEntities(entities({ miscellaneous: ['German'], person: ['Tony Roche', 'Tony Roche'], location: ['Oslo'] }))).toEqual([
      '__PERSON__::Tony Roche',
      '__PERSON__::Tony Roche',
      '__LOCATION__::Oslo',
      '__MISCELLANEOUS__::German',
    ]);
  });
});

describe('computeExactMatch', () => {
  it('is true for the same entities in any order', () => {
    expect(computeExactMatch(entities({ person: ['B', 'A'] }), entities({ person: ['A', 'B'] }))).toBe(true);
  });

  it('compares sets: a repeated mention listed once still matches', () => {
    expect(computeExactMatch(entities({ miscellaneous: ['Swedish'] }), entities({ miscellaneous: ['Swedish', 'Swedish'] }))).toBe(true);
  });

  it('is false when an entity sits in another category', () => {
    expect(computeExactMatch(entities({ organization: ['Oslo'] }), entities({ location: ['Oslo'] }))).toBe(false);
  });

  it('is false for a missing or an extra entity, and true for two empty answers', () => {
    expect(computeExactMatch(entities({ person: ['A'] }), entities({ person: ['A', 'B'] }))).toBe(false);
    expect(computeExactMatch(entities({ person: ['A', 'C'] }), entities({ person: ['A'] }))).toBe(false);
    expect(computeExactMatch(entities({}), entities({}))).toBe(true);
  });
});

describe('computeJaccardSimilarity', () => {
  it('is 1 when both answers are empty (empty denominator)', () => {
    expect(computeJaccardSimilarity(entities({}), entities({}))).toBe(1);
  });

  it('is 0 when nothing overlaps, including an empty prediction for a non-empty gold', () => {
    expect(computeJaccardSimilarity(entities({}), entities({ person: ['A'] }))).toBe(0);
    expect(computeJaccardSimilarity(entities({ organization: ['A'] }), entities({ person: ['A'] }))).toBe(0);
  });

  it('counts multisets: pred {A, A, B} vs gold {A, C} → min 1 / max (2 + 1 + 1) = 1/4', () => {
    expect(computeJaccardSimilarity(entities({ person: ['A', 'A', 'B'] }), entities({ person: ['A', 'C'] }))).toBeCloseTo(0.25, 12);
  });

  it('penalises a collapsed repeat: pred {Swedish} vs gold {Swedish, Swedish} → 1/2', () => {
    expect(computeJaccardSimilarity(entities({ miscellaneous: ['Swedish'] }), entities({ miscellaneous: ['Swedish', 'Swedish'] }))).toBe(0.5);
  });

  it('works across categories: 2 shared of 4 distinct → 2/4', () => {
    const pred = entities({ person: ['Tony Roche'], location: ['Oslo'], organization: ['Reuters'] });
    const gold = entities({ person: ['Tony Roche'], location: ['Oslo'], miscellaneous: ['German'] });
    expect(computeJaccardSimilarity(pred, gold)).toBe(0.5);
  });
});
