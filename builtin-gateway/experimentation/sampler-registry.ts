import type { Logger } from '../../common/logger';
import type { ExperimentationConfig, GatewayConfig } from '../config/types';
import type { GatewayStore } from '../store/types';
import { createStaticSampler } from './static-sampler';
import { createTrackAndStopSampler } from './track-and-stop-sampler';
import type { VariantSampler } from './types';

export interface SamplerRegistryOptions {
  config: GatewayConfig;
  store: GatewayStore;
  logger?: Logger;
  /** false disables periodic track-and-stop recomputation (tests) */
  schedule?: boolean;
  /** seeds track-and-stop draws and replaces its timer by recomputation at read (ours; `AUTOPILOT_BENCH_GATEWAY_SEED`) */
  seed?: number;
}

export interface SamplerRegistry {
  /** the sampler of a function, for a namespace when it has its own experimentation */
  samplerFor(functionName: string, namespace?: string): VariantSampler | undefined;
  /** recomputes every adaptive experiment now (at startup, and on demand in tests) */
  refreshAll(): Promise<void>;
  close(): void;
}

/** One sampler per function (and per namespace override), built from the config. */
export function createSamplerRegistry(options: SamplerRegistryOptions): SamplerRegistry {
  const { config, store } = options;
  const build = (functionName: string, experimentation: ExperimentationConfig): VariantSampler => {
    if (experimentation.type === 'static') return createStaticSampler(functionName, experimentation);
    return createTrackAndStopSampler({
      functionName,
      config: experimentation,
      metric: config.metrics[experimentation.metric],
      store,
      schedule: options.schedule,
      seed: options.seed,
      logger: options.logger,
    });
  };
  const samplers = new Map<string, { base: VariantSampler; namespaces: Map<string, VariantSampler> }>();
  for (const fn of Object.values(config.functions)) {
    samplers.set(fn.name, {
      base: build(fn.name, fn.experimentation),
      namespaces: new Map(Object.entries(fn.namespaces).map(([ns, exp]) => [ns, build(fn.name, exp)])),
    });
  }
  const all = () => [...samplers.values()].flatMap((s) => [s.base, ...s.namespaces.values()]);
  return {
    samplerFor(functionName, namespace) {
      const entry = samplers.get(functionName);
      if (!entry) return undefined;
      return (namespace !== undefined && entry.namespaces.get(namespace)) || entry.base;
    },
    async refreshAll() {
      await Promise.all(all().map((s) => s.refresh()));
    },
    close() {
      for (const sampler of all()) sampler.close();
    },
  };
}
