// Config loading for the built-in gateway; other parts use it to validate edited configs.
export { loadGatewayConfig, defaultGatewayConfig } from './load-config';
export { GatewayConfigError, type ConfigIssue } from './config-error';
export type * from './types';
export { checkBuiltinGatewayConfig } from './serve-check';
export type { UnservableVariant } from './unservable-variants';
