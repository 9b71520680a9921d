import * as path from 'node:path';

/**
 * Names that become directory or file names (functions, variants, tools, templates) must be
 * one safe path component, so a payload cannot write outside the config directory.
 * Returns the problem, or null when the name is fine.
 */
export function unsafePathComponentProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator';
  if (name === '.' || name.includes('..')) return "contains '..' or is '.'";
  if (name.includes('\0')) return 'contains a NUL character';
  return null;
}

/** Relative path with forward slashes, as TOML files reference their neighbours. */
export function posixRelative(fromDir: string, to: string): string {
  return path.relative(fromDir, to).split(path.sep).join('/');
}
