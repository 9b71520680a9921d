import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { findProjectRoot } from '../common/project-root';

/** The project folder (package.json next to workflows/), from this file — works from the sources and from dist/. */
export function projectRoot(): string {
  return findProjectRoot(__dirname, (dir) => existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'workflows')));
}
