/**
 * The optimiser-rewrite step of a session: when an optimiser model is configured and the strategy
 * is on, ask that model to rewrite the current best variant's system template (from its successes
 * and failures) and add the result to the candidate pool, where selection scores it like any other.
 */
import type { StoredInferenceWithFeedback } from '../../../gateway/wire';
import type { CandidateVariant } from './candidate-planning';
import { outputSchemaOf, systemTemplateText } from './config-access';
import type { GatewayConfig } from './config-types';
import { failedInferences } from './error-modes';
import { successfulInferences, toWorkedExamples } from './few-shot-selection';
import { optimizerRewriteCandidate, rewriteSystemTemplate, type RewriteInferenceRequest } from './optimizer-rewrite';
import type { OptimizationDraft } from './plan-optimization';
import { describeErrorModes } from './plan-report';
import type { ResolvedStrategyOptions } from './strategy-options';

export type RewriteOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'unusable'; model: string }
  | { kind: 'added'; model: string; candidate: CandidateVariant };

export interface RewriteStepInput {
  draft: OptimizationDraft;
  config: GatewayConfig;
  inferences: StoredInferenceWithFeedback[];
  strategy: ResolvedStrategyOptions;
  excludeFingerprints: ReadonlySet<string>;
  /** one optimiser-model call; resolves to the reply text */
  infer: (request: RewriteInferenceRequest) => Promise<string>;
}

export async function runRewriteStep(input: RewriteStepInput): Promise<RewriteOutcome> {
  const { draft, config, strategy } = input;
  if (!strategy.strategies.optimizerRewrite) return { kind: 'skipped', reason: 'the optimizer_rewrite strategy is switched off' };
  if (strategy.optimizerModel === null) return { kind: 'skipped', reason: 'no optimizer_model is configured' };
  const { functionName, metricName, metric } = draft.analysis;
  const fn = config.functions[functionName];
  const baseTemplate = systemTemplateText(fn.variants[draft.baseVariant]);
  if (!baseTemplate) return { kind: 'skipped', reason: `${draft.baseVariant} has no system template to rewrite` };

  const template = await rewriteSystemTemplate({
    functionName,
    functionType: fn.type,
    baseTemplate,
    outputSchema: outputSchemaOf(fn),
    successes: toWorkedExamples(successfulInferences(input.inferences, metricName, metric)),
    failures: toWorkedExamples(failedInferences(input.inferences, metricName, metric)),
    analysisSummary: describeErrorModes(draft.analysis),
    optimizerModel: strategy.optimizerModel,
    infer: input.infer,
  });
  if (template === null) return { kind: 'unusable', model: strategy.optimizerModel };
  const candidate = optimizerRewriteCandidate({
    functionName,
    fn,
    baseVariantName: draft.baseVariant,
    model: draft.baseModel,
    template,
    iteration: draft.iteration,
    excludeFingerprints: input.excludeFingerprints,
    otherCandidates: draft.pool,
  });
  return candidate ? { kind: 'added', model: strategy.optimizerModel, candidate } : { kind: 'unusable', model: strategy.optimizerModel };
}
