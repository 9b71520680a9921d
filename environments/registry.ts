import { BUILTIN_ENVIRONMENTS } from './builtins';
import { DuplicateEnvironmentError, UnknownEnvironmentError } from './errors';
import type { EnvironmentDefinition } from './types';

/**
 * The process-wide table of environments by name (llmgym's `register` / `make` lookup). It starts
 * with the built-ins, so importing this module alone is enough to find them.
 */
const definitions = new Map<string, EnvironmentDefinition>(BUILTIN_ENVIRONMENTS.map((def) => [def.name, def]));

/** Registers an environment. Registering the same definition again is a no-op; a different one under a taken name throws. */
export function registerEnvironment(def: EnvironmentDefinition): void {
  const existing = definitions.get(def.name);
  if (existing === def) return;
  if (existing) throw new DuplicateEnvironmentError(def.name);
  definitions.set(def.name, def);
}

/** The definition registered as `name`; throws UnknownEnvironmentError listing the known names. */
export function getEnvironment(name: string): EnvironmentDefinition {
  const def = definitions.get(name);
  if (!def) throw new UnknownEnvironmentError(name, listEnvironments());
  return def;
}

export function listEnvironments(): string[] {
  return [...definitions.keys()].sort();
}
