import { editCoverage, isEditSetComplete } from './edit-coverage';

describe('editCoverage', () => {
  it('counts variant operations and variant keys as variants', () => {
    expect(editCoverage([{ operation: 'upsert_variant' }]).hasVariants).toBe(true);
    expect(editCoverage([{ operation: 'other', variant: {} }]).hasVariants).toBe(true);
    expect(editCoverage([{ variants: {} }]).hasVariants).toBe(true);
  });

  it('counts routing, experimentation and weights as routing', () => {
    expect(editCoverage([{ operation: 'upsert_experimentation' }]).hasRouting).toBe(true);
    expect(editCoverage([{ operation: 'set_routing' }]).hasRouting).toBe(true);
    expect(editCoverage([{ experimentation: {} }]).hasRouting).toBe(true);
    expect(editCoverage([{ routing: {} }]).hasRouting).toBe(true);
    expect(editCoverage([{ weights: {} }]).hasRouting).toBe(true);
  });

  it('counts evaluation upserts and edits without operation as neither', () => {
    expect(editCoverage([{ operation: 'upsert_evaluation' }, { operation: 'upsert_evaluator' }, {}, { operation: 7 }])).toEqual({
      hasVariants: false,
      hasRouting: false,
    });
  });

  it('is complete only with both pieces', () => {
    expect(isEditSetComplete([{ operation: 'upsert_variant' }])).toBe(false);
    expect(isEditSetComplete([{ operation: 'upsert_experimentation' }])).toBe(false);
    expect(isEditSetComplete([{ operation: 'upsert_variant' }, { operation: 'upsert_experimentation' }])).toBe(true);
    expect(isEditSetComplete([])).toBe(false);
  });
});
