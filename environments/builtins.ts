import { BRIDGED_ENVIRONMENTS } from './bridge/definitions';
import { nerEnvironment } from './ner';
import { twentyQuestionsEnvironment } from './twenty-questions';
import type { EnvironmentDefinition } from './types';

/**
 * The built-in environments, registered when the registry module loads. Add new ones here.
 * Native TypeScript ones first, then those served by the Python bridge (`bridge/`): τ-bench
 * airline/retail and Harbor through llmgym, BabyAI on minigrid.
 */
export const BUILTIN_ENVIRONMENTS: readonly EnvironmentDefinition[] = [nerEnvironment, twentyQuestionsEnvironment, ...BRIDGED_ENVIRONMENTS];
