import * as path from 'node:path';
import { findProjectRoot } from '../common/project-root';

/** Where the build puts the built-in gateway's entry script. */
export function defaultBuiltinGatewayEntry(): string {
  return path.join(findProjectRoot(__dirname), 'dist', 'builtin-gateway', 'main.js');
}
