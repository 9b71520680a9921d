import { createBridgedEnvironment } from './bridge/bridged-environment';
import { getEnvironment, listEnvironments } from './registry';
import type { EnvironmentDefinition } from './types';

const bridged = new Map<string, EnvironmentDefinition>();

/**
 * The environment a config names: a registered one, or else whatever the Python bridge hosts
 * under that name (any llmgym environment where llmgym is installed, or a module listed in
 * AUTOPILOT_BENCH_BRIDGE_MODULES). An unknown name then fails in `preflight`, before any work,
 * with the bridge's list of what it has.
 */
export function resolveEnvironment(name: string): EnvironmentDefinition {
  if (listEnvironments().includes(name)) return getEnvironment(name);
  let def = bridged.get(name);
  if (!def) {
    def = createBridgedEnvironment(name);
    bridged.set(name, def);
  }
  return def;
}
