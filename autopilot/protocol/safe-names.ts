import { unsafePathComponentProblem } from '../../gateway/safe-path';

/**
 * Names a service hands us that end up as directory, file or variant names (function, variant,
 * evaluation and evaluator names in config writes) or inside request paths (session ids).
 */

/** The longest name most file systems accept as one path component. */
export const MAX_NAME_CHARS = 255;

/** Edit fields whose values become directory names when the edit is applied. */
export const EDIT_NAME_KEYS = ['function_name', 'variant_name', 'evaluation_name', 'evaluator_name'] as const;

/** True when the text holds a C0 control character or DEL (they break file names and logs). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f) return true;
  }
  return false;
}

/** The problem with a name, or null when it is one safe path component. */
export function unsafeNameProblem(name: string): string | null {
  const pathProblem = unsafePathComponentProblem(name);
  if (pathProblem) return pathProblem;
  if (hasControlCharacter(name)) return 'contains a control character';
  if (name.length > MAX_NAME_CHARS) return `is longer than ${MAX_NAME_CHARS} characters`;
  return null;
}
