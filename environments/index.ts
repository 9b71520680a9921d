// The registry starts with the built-in environments (`builtins.ts`); importing it is enough.
export { registerEnvironment, getEnvironment, listEnvironments } from './registry';
export { BUILTIN_ENVIRONMENTS } from './builtins';
export * from './errors';
export type * from './types';
