import * as path from 'node:path';
import { existsSync } from 'node:fs';

/** The folder holding the project's package.json, found from this file (works from src and dist). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'workflows'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`could not find the project root above ${__dirname}`);
    dir = parent;
  }
}
