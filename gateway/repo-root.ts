import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The project root: the nearest folder above this file holding package.json. Works both from
 * source (`gateway/`) and from the build (`dist/gateway/`).
 */
export function findRepoRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json found above ${startDir}`);
    dir = parent;
  }
}

/** Where the build puts the built-in gateway's entry script. */
export function defaultBuiltinGatewayEntry(): string {
  return path.join(findRepoRoot(), 'dist', 'builtin-gateway', 'main.js');
}
