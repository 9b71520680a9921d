import type { EditPayload } from './edit-payload';

/**
 * The variants an edit depends on, by name: an experimentation's candidates and fallbacks, and
 * the candidates of a best-of-n or mixture-of-n variant. Used to refuse an edit that names a
 * variant whose own edit in the same batch was refused (apply-config-edits.ts).
 */
export function referencedVariants(payload: EditPayload): { functionName: string; variantNames: string[] } | null {
  switch (payload.operation) {
    case 'upsert_experimentation': {
      const { candidate_variants: candidates, fallback_variants: fallbacks } = payload.experimentation;
      return { functionName: payload.function_name, variantNames: [...namesIn(candidates), ...namesIn(fallbacks)] };
    }
    case 'upsert_variant':
      return { functionName: payload.function_name, variantNames: namesIn(payload.variant.candidates) };
    default:
      return null;
  }
}

/** Variant lists are arrays of names or name → weight tables. */
function namesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [];
}
