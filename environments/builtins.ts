import { nerEnvironment } from './ner';
import type { EnvironmentDefinition } from './types';

/** The native environments, registered when the registry module loads. Add new ones here. */
export const BUILTIN_ENVIRONMENTS: readonly EnvironmentDefinition[] = [nerEnvironment];
