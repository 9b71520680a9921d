/**
 * The whole strategy as one pure step: analyse the target function, plan candidate variants and
 * the experiment that compares them with the current best, and express it all as config edits.
 */
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import { outputSchemaOf } from './config-access';
import type { GatewayConfig } from './config-types';
import { planCandidates, type CandidateVariant } from './candidate-planning';
import { trackAndStopEdit, type ProposedEdit } from './edit-payloads';
import { successfulInferences, toWorkedExamples } from './few-shot-selection';
import { parseAvailableModels, rankModelsByStrength } from './available-models';
import type { ResolvedStrategyOptions } from './strategy-options';
import { analyseFunction, type FunctionAnalysis } from './variant-analysis';
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
}

export interface OptimizationPlan {
  analysis: FunctionAnalysis;
  baseVariant: string;
  baseModel: string;
  models: string[];
  modelsSource: 'message' | 'baseline';
  iteration: number;
  successfulExamples: number;
  candidates: CandidateVariant[];
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

export function planOptimization(options: PlanOptimizationOptions): OptimizationPlan {
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
  const models = offered.length > 0 ? offered : [baseModel];
  const iteration = nextIteration(Object.keys(fn.variants));
  const successful = successfulInferences(options.inferences, metricName, metric);

  const candidates = planCandidates({
    functionName,
    fn,
    baseVariantName: baseVariant,
    models,
    examplePool: toWorkedExamples(successful),
    outputSchema: outputSchemaOf(fn),
    iteration,
    fewShotK: strategy.fewShotK,
    maxNewVariants: strategy.maxNewVariants,
    exampleCharBudget: strategy.exampleCharBudget,
  });

  const edits: ProposedEdit[] = candidates.map((c) => ({
    operation: 'upsert_variant',
    function_name: functionName,
    variant_name: c.name,
    variant: c.variant,
  }));
  if (candidates.length > 0) {
    edits.push(
      trackAndStopEdit(functionName, metricName, [baseVariant, ...candidates.map((c) => c.name)], {
        minSamplesPerVariant: strategy.minSamplesPerVariant,
        delta: strategy.delta,
        epsilon: strategy.epsilon,
        updatePeriodS: strategy.updatePeriodS,
      }),
    );
  }

  return {
    analysis,
    baseVariant,
    baseModel,
    models,
    modelsSource: offered.length > 0 ? 'message' : 'baseline',
    iteration,
    successfulExamples: successful.length,
    candidates,
    edits,
  };
}
