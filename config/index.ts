export * from './schema';
export { loadConfig, parseConfig, validateConfig } from './load';
export { ConfigError, formatProblem, type ConfigProblem } from './config-error';
export * from './overrides';
export * from './derived';
export { ignoredKeyNotes } from './notes';
