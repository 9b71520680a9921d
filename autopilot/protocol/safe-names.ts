import { unsafePathComponentProblem } from '../../gateway/safe-path';

/**
 * Names a service hands us that end up as directory, file or variant names (function, variant,
 * evaluation and evaluator names in config writes) or inside request paths (session ids).
 */

/** The longest name most file systems accept as one path component. */
export const MAX_NAME_CHARS = 255;

/** Edit fields whose values become directory names when the edit is applied. */
export const EDIT_NAME_KEYS = ['function_name', 'variant_name', 'evaluation_name', 'evaluator_name'] as const;

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The problem with a name, or null when it is one safe path component. */
export function unsafeNameProblem(name: string): string | null {
  const pathProblem = unsafePathComponentProblem(name);
  if (pathProblem) return pathProblem;
  if (CONTROL_CHARACTER.test(name)) return 'contains a control character';
  if (name.length > MAX_NAME_CHARS) return `is longer than ${MAX_NAME_CHARS} characters`;
  return null;
}
