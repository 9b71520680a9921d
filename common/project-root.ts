import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The project root: the nearest folder at or above `startDir` that `isRoot` accepts (by default,
 * one holding a package.json). Works both from source and from the build (`dist/…`).
 */
export function findProjectRoot(startDir: string, isRoot: (dir: string) => boolean = hasPackageJson): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (isRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json) found above ${startDir}`);
    dir = parent;
  }
}

function hasPackageJson(dir: string): boolean {
  return existsSync(path.join(dir, 'package.json'));
}
