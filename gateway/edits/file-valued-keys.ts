/**
 * Which TOML keys hold file paths (templates, schemas, instructions) and what extension their
 * extracted files get (reference/original-harness.md §5.2, tensorzero.md §4.3).
 */

export type FileExtension = 'minijinja' | 'json' | 'txt';

const ROLE_KEYS = new Set(['system', 'user', 'assistant']);

/** The extension of the file a key path names, or null when the key is not file-valued. */
export function fileExtensionOf(keyPath: string[]): FileExtension | null {
  const key = keyPath[keyPath.length - 1];
  const parent = keyPath[keyPath.length - 2];
  const grandparent = keyPath[keyPath.length - 3];
  if (key === undefined) return null;
  if (key === 'path' && grandparent === 'templates') return 'minijinja';
  if (key === 'path' && grandparent === 'schemas') return 'json';
  if (key.endsWith('_template')) return 'minijinja';
  if (parent === 'input_wrappers' && ROLE_KEYS.has(key)) return 'minijinja';
  if (key.endsWith('_schema') || key === 'parameters') return 'json';
  if (key === 'system_instructions') return 'txt';
  return null;
}

/**
 * Where an extracted file goes, relative to the table's base directory: the key path mirrored
 * as directories; a `path` key is written under its parent's name (`templates/system.minijinja`).
 */
export function extractedFileRelPath(keyPath: string[], ext: FileExtension): string {
  const parts = keyPath[keyPath.length - 1] === 'path' ? keyPath.slice(0, -1) : keyPath;
  return `${parts.join('/')}.${ext}`;
}
