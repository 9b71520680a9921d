import type { Logger } from '../common/logger';
import type { GatewayConfig } from './config/types';
import type { SamplerRegistry } from './experimentation/sampler-registry';
import type { ModelResolver } from './models/resolve-model';
import type { GatewayStore } from './store/types';

/** Everything a request handler needs; built once per server. */
export interface GatewayContext {
  config: GatewayConfig;
  store: GatewayStore;
  samplers: SamplerRegistry;
  models: ModelResolver;
  /** where provider keys, the simulator URL and the Autopilot settings come from */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** `builtin-<package version>` */
  version: string;
}
