import { BUILTIN_ENVIRONMENTS } from './builtins';
import { registerEnvironment } from './registry';

/** Registers the native environments (the registry already holds them; kept for explicit callers, idempotent). */
export function registerBuiltinEnvironments(): void {
  for (const def of BUILTIN_ENVIRONMENTS) registerEnvironment(def);
}

registerBuiltinEnvironments();

export { registerEnvironment, getEnvironment, listEnvironments } from './registry';
export { BUILTIN_ENVIRONMENTS } from './builtins';
export * from './errors';
export type * from './types';
