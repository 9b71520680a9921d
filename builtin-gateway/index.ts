// The built-in gateway's public surface.
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './server';
export { loadGatewayConfig, defaultGatewayConfig, GatewayConfigError, type ConfigIssue, type GatewayConfig } from './config';
export { checkProviderCredentials } from './models/check-credentials';
export { createMemoryStore } from './store/memory-store';
export { createSqliteStore } from './store/sqlite-store';
export type { GatewayStore } from './store/types';
export { STORE_PATH_VARIABLE } from './cli/run-cli';
export { SIM_URL_VARIABLE } from './models/resolve-model';
