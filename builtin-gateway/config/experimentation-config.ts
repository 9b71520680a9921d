import type { KeyPath } from './key-path';
import { rawExperimentationSchema, type RawExperimentation } from './raw-schema';
import type { ExperimentationConfig, MetricConfig, TrackAndStopExperimentation } from './types';

/** Track-and-stop defaults (reference §3.7). */
export const TRACK_AND_STOP_DEFAULTS = {
  minSamplesPerVariant: 10,
  delta: 0.05,
  epsilon: 0,
  updatePeriodS: 300,
  minProb: 0,
  maxSamplesPerVariant: 10_000,
} as const;

export interface ExperimentationContext {
  functionName: string;
  /** variant names in definition order */
  variantNames: string[];
  /** each variant's deprecated `weight`, when set */
  weights: Record<string, number | undefined>;
  metrics: Record<string, MetricConfig>;
  /** throws a config error at a key path relative to `functions.<fn>.experimentation` */
  fail(path: KeyPath, problem: string): never;
  /** reports a zod failure on a nested experimentation object */
  failZod(path: KeyPath, error: import('zod').ZodError): never;
}

export interface NormalisedExperimentation {
  experimentation: ExperimentationConfig;
  namespaces: Record<string, ExperimentationConfig>;
}

/** Validates `[functions.<fn>.experimentation]` (or derives it from variant weights when absent). */
export function normaliseExperimentation(raw: unknown, ctx: ExperimentationContext): NormalisedExperimentation {
  const weighted = ctx.variantNames.filter((v) => ctx.weights[v] !== undefined);
  if (raw === undefined) return { experimentation: defaultExperimentation(ctx), namespaces: {} };
  if (weighted.length > 0) {
    ctx.fail([], `cannot be combined with variant weights (set on ${weighted.join(', ')}); remove the weights`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) ctx.fail([], 'expected a table');
  const { namespaces, ...base } = raw as Record<string, unknown>;
  const experimentation = parseOne(base, [], ctx);
  const out: Record<string, ExperimentationConfig> = {};
  if (namespaces !== undefined) {
    if (!namespaces || typeof namespaces !== 'object' || Array.isArray(namespaces)) ctx.fail(['namespaces'], 'expected a table');
    for (const [name, value] of Object.entries(namespaces as Record<string, unknown>)) {
      out[name] = parseOne(value, ['namespaces', name], ctx);
    }
  }
  return { experimentation, namespaces: out };
}

/** No section: uniform over all variants, or the deprecated weight semantics when weights are set. */
function defaultExperimentation(ctx: ExperimentationContext): ExperimentationConfig {
  const anyWeight = ctx.variantNames.some((v) => ctx.weights[v] !== undefined);
  if (!anyWeight) return { type: 'static', candidates: ctx.variantNames.map((variant) => ({ variant, weight: 1 })), fallbacks: [] };
  return {
    type: 'static',
    candidates: ctx.variantNames
      .filter((v) => (ctx.weights[v] ?? 0) > 0)
      .map((variant) => ({ variant, weight: ctx.weights[variant] as number })),
    fallbacks: ctx.variantNames.filter((v) => ctx.weights[v] === undefined),
  };
}

function parseOne(value: unknown, path: KeyPath, ctx: ExperimentationContext): ExperimentationConfig {
  const parsed = rawExperimentationSchema.safeParse(value);
  if (!parsed.success) ctx.failZod(path, parsed.error);
  const config = toConfig(parsed.data, ctx);
  validateNames(config, path, ctx);
  return config;
}

function toConfig(raw: RawExperimentation, ctx: ExperimentationContext): ExperimentationConfig {
  switch (raw.type) {
    case 'static':
    case 'static_weights':
    case 'uniform': {
      const fallbacks = raw.fallback_variants ?? [];
      let candidates: { variant: string; weight: number }[];
      if (raw.type === 'uniform' && raw.candidate_variants === undefined) {
        // `uniform` without lists samples every variant; with only fallbacks, the rest.
        candidates = ctx.variantNames.filter((v) => !fallbacks.includes(v)).map((variant) => ({ variant, weight: 1 }));
      } else if (Array.isArray(raw.candidate_variants) || raw.candidate_variants === undefined) {
        candidates = (raw.candidate_variants ?? []).map((variant) => ({ variant, weight: 1 }));
      } else {
        candidates = Object.entries(raw.candidate_variants).map(([variant, weight]) => ({ variant, weight }));
      }
      return { type: 'static', candidates, fallbacks };
    }
    case 'adaptive':
    case 'track_and_stop':
      return {
        type: 'track_and_stop',
        metric: raw.metric,
        candidates: raw.candidate_variants,
        fallbacks: raw.fallback_variants ?? [],
        minSamplesPerVariant: raw.min_samples_per_variant ?? TRACK_AND_STOP_DEFAULTS.minSamplesPerVariant,
        delta: raw.delta ?? TRACK_AND_STOP_DEFAULTS.delta,
        epsilon: raw.epsilon ?? TRACK_AND_STOP_DEFAULTS.epsilon,
        updatePeriodMs: (raw.update_period_s ?? TRACK_AND_STOP_DEFAULTS.updatePeriodS) * 1000,
        minProb: raw.min_prob ?? TRACK_AND_STOP_DEFAULTS.minProb,
        maxSamplesPerVariant: raw.max_samples_per_variant ?? TRACK_AND_STOP_DEFAULTS.maxSamplesPerVariant,
      };
  }
}

function validateNames(config: ExperimentationConfig, path: KeyPath, ctx: ExperimentationContext): void {
  const candidates = config.type === 'static' ? config.candidates.map((c) => c.variant) : config.candidates;
  const lists: [string, string[]][] = [
    ['candidate_variants', candidates],
    ['fallback_variants', config.fallbacks],
  ];
  for (const [key, names] of lists) {
    const seen = new Set<string>();
    for (const name of names) {
      if (!ctx.variantNames.includes(name)) ctx.fail([...path, key], `variant '${name}' does not exist in function '${ctx.functionName}'`);
      if (seen.has(name)) ctx.fail([...path, key], `variant '${name}' is listed more than once`);
      seen.add(name);
    }
  }
  const both = candidates.filter((c) => config.fallbacks.includes(c));
  if (both.length > 0) ctx.fail(path, `variant '${both[0]}' is in both candidate_variants and fallback_variants`);
  if (config.type === 'static') {
    if (!config.candidates.some((c) => c.weight > 0) && config.fallbacks.length === 0) {
      ctx.fail(path, 'needs at least one candidate variant with a positive weight or one fallback variant');
    }
    return;
  }
  validateTrackAndStop(config, path, ctx);
}

function validateTrackAndStop(config: TrackAndStopExperimentation, path: KeyPath, ctx: ExperimentationContext): void {
  if (!ctx.metrics[config.metric]) ctx.fail([...path, 'metric'], `metric '${config.metric}' is not defined in [metrics]`);
  if (config.maxSamplesPerVariant < config.minSamplesPerVariant) {
    ctx.fail([...path, 'max_samples_per_variant'], `must be >= min_samples_per_variant (${config.minSamplesPerVariant})`);
  }
  if (config.minProb * config.candidates.length > 1 + 1e-12) {
    ctx.fail([...path, 'min_prob'], `min_prob × number of candidates (${config.candidates.length}) must be ≤ 1`);
  }
}
