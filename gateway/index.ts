/** The harness side of gateways: T0 config generation, config edits, subprocesses, HTTP client. */
export * from './types';
export * from './errors';
export { generateT0Config, buildT0Config, type GenerateT0ConfigOptions, type T0ConfigLocation } from './t0-config';
export { t0FunctionName, t0FunctionDir, INITIAL_VARIANT_NAME } from './t0-names';
export * from './edits';
export { createGatewayProcess, DEFAULT_STARTUP_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './process';
export { reapOrphanedGateway, readPidFile, type GatewayPidRecord, type ReapResult } from './pid-file';
export { createGatewayClient, DEFAULT_CLIENT_TIMEOUT_MS, VARIANT_PERFORMANCES_TIMEOUT_MS } from './client';
export { toTrainMetrics } from './train-metrics';
export { defaultBuiltinGatewayEntry } from './builtin-entry';
export * from './postgres-urls';
