/**
 * The strategy in three steps, so the session can run the slow, costly middle one itself:
 *
 *   prepareOptimization (pure)  analysis, models, a pool of candidate variants (rejected ones excluded)
 *   selectCandidates (async)    candidate-selection.ts: dry-run scoring, keep the best few
 *   finishPlan (pure)           `upsert_variant` per kept candidate + a track_and_stop experiment over
 *                               [current best, kept candidates, still-competitive earlier candidates]
 *
 * `planOptimization` runs the pure steps without scoring (the first `maxNewVariants` of the pool).
 */
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import { experimentationCandidates, outputSchemaOf } from './config-access';
import type { GatewayConfig } from './config-types';
import { planControlPool } from './control-candidates';
import { planCandidatePool, type CandidateVariant, type SkippedStrategy } from './candidate-planning';
import type { SelectionResult } from './candidate-selection';
import { trackAndStopEdit, type ProposedEdit } from './edit-payloads';
import { successfulInferences, toWorkedExamples } from './few-shot-selection';
import { parseAvailableModels, rankModelsByStrength } from './available-models';
import type { ResolvedStrategyOptions } from './strategy-options';
import { analyseFunction, type FunctionAnalysis, type VariantStats } from './variant-analysis';
import { nextIteration } from './variant-naming';

export interface PlanOptimizationOptions {
  config: GatewayConfig;
  functionName: string;
  metricName: string;
  /** the initial message; its `- provider::model` bullets are the available models */
  initialMessage: string;
  inferences: StoredInferenceWithFeedback[];
  performances: VariantPerformanceRow[];
  strategy: ResolvedStrategyOptions;
  /** models the operator allowed (overrides the message's list) */
  allowedModels?: string[] | null;
  /** fingerprints of candidates rejected earlier in the run; never proposed again */
  excludeFingerprints?: ReadonlySet<string>;
}

export interface OptimizationDraft {
  analysis: FunctionAnalysis;
  baseVariant: string;
  baseModel: string;
  models: string[];
  modelsSource: 'message' | 'operator' | 'baseline';
  iteration: number;
  successfulExamples: number;
  /** every candidate generated, before selection */
  pool: CandidateVariant[];
  /** strategies switched on that produced no candidate, and why */
  skipped: SkippedStrategy[];
  /** set for a control strategy (control-candidates.ts): what it proposes, or why nothing */
  controlNote?: string;
}

export interface OptimizationPlan extends OptimizationDraft {
  /** the candidates proposed (after selection) */
  candidates: CandidateVariant[];
  /** variants of the new experiment besides the current best and the new candidates */
  carriedOver: string[];
  /** variants of the old experiment left out: their metric interval lies below the best's mean */
  retired: string[];
  selection: SelectionResult | null;
  /** empty when there is nothing new to propose */
  edits: ProposedEdit[];
}

export class PlanningError extends Error {
  override readonly name = 'PlanningError';
  constructor(
    message: string,
    readonly functionName: string,
  ) {
    super(message);
  }
}

export function prepareOptimization(options: PlanOptimizationOptions): OptimizationDraft {
  const { config, functionName, metricName, strategy } = options;
  const fn = config.functions[functionName];
  const metric = config.metrics[metricName];
  if (!fn) throw new PlanningError(`function ${functionName} is not in the config`, functionName);
  if (!metric) throw new PlanningError(`metric ${metricName} is not in the config`, functionName);

  const analysis = analyseFunction({
    functionName,
    fn,
    metricName,
    metric,
    inferences: options.inferences,
    performances: options.performances,
    minTrustedCount: strategy.minSamplesPerVariant,
  });
  if (!analysis) throw new PlanningError(`function ${functionName} has no chat_completion variant to build on`, functionName);

  const baseVariant = analysis.bestVariant;
  const baseModel = String(fn.variants[baseVariant].model);
  const offered = rankModelsByStrength(parseAvailableModels(options.initialMessage));
  const allowed = rankModelsByStrength(options.allowedModels ?? []);
  const models = allowed.length > 0 ? allowed : offered.length > 0 ? offered : [baseModel];
  const iteration = nextIteration(Object.keys(fn.variants));
  const successful = successfulInferences(options.inferences, metricName, metric);
  const common = {
    analysis,
    baseVariant,
    baseModel,
    models,
    modelsSource: allowed.length > 0 ? ('operator' as const) : offered.length > 0 ? ('message' as const) : ('baseline' as const),
    iteration,
    successfulExamples: successful.length,
  };

  if (strategy.strategy !== 'optimiser') {
    const control = planControlPool({
      control: strategy.strategy,
      functionName,
      fn,
      baseVariantName: baseVariant,
      models,
      iteration,
      seed: strategy.seed,
      excludeFingerprints: options.excludeFingerprints,
    });
    return { ...common, pool: control.candidates, skipped: [], controlNote: control.note };
  }
  const { candidates: pool, skipped } = planCandidatePool({
    functionName,
    fn,
    baseVariantName: baseVariant,
    models,
    examplePool: toWorkedExamples(successful),
    outputSchema: outputSchemaOf(fn),
    iteration,
    fewShotK: strategy.fewShotK,
    poolSize: strategy.candidatePoolSize,
    exampleCharBudget: strategy.exampleCharBudget,
    strategies: strategy.strategies,
    excludeFingerprints: options.excludeFingerprints,
  });

  return { ...common, pool, skipped };
}

/** True when the variant's interval lies entirely on the wrong side of the best's mean. */
function clearlyWorse(stats: VariantStats, best: VariantStats, optimize: 'max' | 'min'): boolean {
  if (stats.metricMean === null || best.metricMean === null || stats.ciError === null || stats.metricCount < 2) return false;
  return optimize === 'max' ? stats.metricMean + stats.ciError < best.metricMean : stats.metricMean - stats.ciError > best.metricMean;
}

/**
 * Earlier experiment candidates worth another round (no clear evidence they lose to the best), at
 * most `limit`, best mean first; the rest are retired.
 */
export function carryOverCandidates(
  draft: OptimizationDraft,
  config: GatewayConfig,
  limit: number,
): { carriedOver: string[]; retired: string[] } {
  const { analysis, baseVariant } = draft;
  const fn = config.functions[analysis.functionName];
  const statsOf = new Map(analysis.variants.map((v) => [v.variantName, v]));
  const best = statsOf.get(baseVariant);
  const previous = experimentationCandidates(fn).filter((name) => name !== baseVariant && fn.variants[name] !== undefined);
  const sign = analysis.metric.optimize === 'max' ? 1 : -1;
  const competitive: string[] = [];
  const retired: string[] = [];
  for (const name of previous) {
    const stats = statsOf.get(name);
    if (stats && best && clearlyWorse(stats, best, analysis.metric.optimize)) retired.push(name);
    else competitive.push(name);
  }
  const meanOf = (name: string) => statsOf.get(name)?.metricMean ?? null;
  competitive.sort((a, b) => {
    const ma = meanOf(a);
    const mb = meanOf(b);
    if (ma === null || mb === null) return ma === null ? (mb === null ? a.localeCompare(b) : 1) : -1;
    return sign * (mb - ma) || a.localeCompare(b);
  });
  return { carriedOver: competitive.slice(0, limit), retired: [...retired, ...competitive.slice(limit)] };
}

/** Earlier candidates kept besides the best and the new ones, so the experiment stays about four wide. */
const CARRY_OVER_LIMIT = 2;

export function finishPlan(
  draft: OptimizationDraft,
  config: GatewayConfig,
  strategy: ResolvedStrategyOptions,
  candidates: CandidateVariant[],
  selection: SelectionResult | null,
): OptimizationPlan {
  const { analysis, baseVariant } = draft;
  const functionName = analysis.functionName;
  const { carriedOver, retired } = carryOverCandidates(draft, config, CARRY_OVER_LIMIT);
  const edits: ProposedEdit[] = candidates.map((c) => ({
    operation: 'upsert_variant',
    function_name: functionName,
    variant_name: c.name,
    variant: c.variant,
  }));
  if (candidates.length > 0) {
    edits.push(
      trackAndStopEdit(functionName, analysis.metricName, [baseVariant, ...candidates.map((c) => c.name), ...carriedOver], {
        minSamplesPerVariant: strategy.minSamplesPerVariant,
        delta: strategy.delta,
        epsilon: strategy.epsilon,
        updatePeriodS: strategy.updatePeriodS,
      }),
    );
  }
  return { ...draft, candidates, carriedOver, retired, selection, edits };
}

/** The pure pipeline without pre-deployment scoring. */
export function planOptimization(options: PlanOptimizationOptions): OptimizationPlan {
  const draft = prepareOptimization(options);
  return finishPlan(draft, options.config, options.strategy, draft.pool.slice(0, options.strategy.maxNewVariants), null);
}
