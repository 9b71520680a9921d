/** A path into the config tree, one segment per table key. */
export type KeyPath = readonly (string | number)[];

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** TOML-style dotted key path: `functions."ner::extract".variants.initial`. */
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : BARE_KEY.test(segment) ? segment : JSON.stringify(segment)))
    .join('.')
    .replace(/\.\[/g, '[');
}
