import type { ConfigEdit } from './types';

/** Which of the two pieces a finished optimisation needs are present in the edits (reference/original-harness.md §4.6). */
export interface EditCoverage {
  /** some edit creates or changes variants */
  hasVariants: boolean;
  /** some edit sets up routing between variants (experimentation, weights) */
  hasRouting: boolean;
}

/**
 * Deliberately loose, substring-based checks, as in the original: `upsert_variant` counts as
 * variants, `upsert_experimentation` as routing, evaluation upserts as neither.
 */
export function editCoverage(edits: readonly ConfigEdit[]): EditCoverage {
  return {
    hasVariants: edits.some((edit) => {
      const op = operationOf(edit);
      return op.includes('variant') || 'variant' in edit || 'variants' in edit;
    }),
    hasRouting: edits.some((edit) => {
      const op = operationOf(edit);
      return op.includes('rout') || op.includes('experiment') || 'experimentation' in edit || 'routing' in edit || 'weights' in edit;
    }),
  };
}

/** True when the session may stop: both variants and routing were written. */
export function isEditSetComplete(edits: readonly ConfigEdit[]): boolean {
  const coverage = editCoverage(edits);
  return coverage.hasVariants && coverage.hasRouting;
}

function operationOf(edit: ConfigEdit): string {
  return typeof edit.operation === 'string' ? edit.operation : '';
}
