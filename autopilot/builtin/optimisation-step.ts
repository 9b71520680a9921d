/**
 * The optimisation step of a session, from a prepared draft to a proposal: report the analysis,
 * let the optimiser model rewrite the best system template, score the pool with dry-run
 * inferences (selection, within the budget), and report the plan.
 */
import type { InferenceInput, StoredInferenceWithFeedback } from '../../gateway/wire';
import type { SessionRetries } from './session-retries';
import { STOPPED, type SessionSteps, type Stoppable } from './session-steps';
import type { ConfigSnapshot } from './strategy/config-types';
import { describeSelection, selectCandidates, type ReplayOutcome } from './strategy/candidate-selection';
import type { OperatorAnswer } from './strategy/memory-store';
import { describeAnalysis, describeProposal } from './strategy/plan-report';
import { finishPlan, type OptimizationDraft, type OptimizationPlan } from './strategy/plan-optimization';
import type { ResolvedStrategyOptions } from './strategy/strategy-options';
import { runRewriteStep } from './strategy/rewrite-step';
import { TrainDataSourceError, type TrainDataSource } from './strategy/train-data-source';

export interface RejectedCandidate {
  fingerprint: string;
  functionName: string;
  variantName: string;
}

export interface OptimisationStepOptions {
  dataSource: TrainDataSource;
  strategy: ResolvedStrategyOptions;
  /** pause between visible steps, so pollers can follow the session */
  stepDelayMs: number;
  /** persists candidates that must never be proposed again */
  rememberRejected: (items: RejectedCandidate[], reason: string) => void;
}

export class OptimisationStep {
  /** USD this session spent on its own dry-run inferences */
  private spentUsd = 0;

  constructor(
    private readonly options: OptimisationStepOptions,
    private readonly retries: SessionRetries,
    private readonly steps: Pick<SessionSteps, 'isStale' | 'pause' | 'say'>,
  ) {}

  /** Reports the analysis, adds the rewrite, runs the selection and reports the resulting plan. */
  async run(
    draft: OptimizationDraft,
    config: ConfigSnapshot['config'],
    inferences: StoredInferenceWithFeedback[],
    operator: OperatorAnswer | null,
    rejected: ReadonlySet<string>,
    generation: number,
  ): Promise<Stoppable<OptimizationPlan>> {
    this.steps.say(describeAnalysis(draft));
    // A control is deployed as drawn: no rewrite, no selection that could filter out its harm.
    if (draft.controlNote !== undefined) {
      this.steps.say(draft.controlNote);
      return finishPlan(draft, config, this.options.strategy, draft.pool, null);
    }
    const rewrite = await this.addRewriteCandidate(draft, config, inferences, rejected, generation);
    if (rewrite === STOPPED) return STOPPED;
    const plan = await this.selectAndFinish(draft, config, inferences, operator, generation);
    if (plan === STOPPED) return STOPPED;
    if (!(await this.steps.pause(this.options.stepDelayMs, generation))) return STOPPED;
    this.steps.say(describeProposal(plan, plan.skipped));
    if (plan.retired.length > 0) {
      this.steps.say(`Retired from the experiment (their metric interval lies below ${plan.baseVariant}'s mean): ${plan.retired.join(', ')}.`);
    }
    return plan;
  }

  /** Scores the pool with dry-run inferences (unless switched off), remembers the rejected, and builds the edits. */
  private async selectAndFinish(
    draft: OptimizationDraft,
    config: ConfigSnapshot['config'],
    inferences: StoredInferenceWithFeedback[],
    operator: OperatorAnswer | null,
    generation: number,
  ): Promise<Stoppable<OptimizationPlan>> {
    const strategy = this.options.strategy;
    const functionName = draft.analysis.functionName;
    const fn = config.functions[functionName];
    const limit = operator && operator.budgetUsd !== null ? operator.budgetUsd : strategy.budgetUsd;
    const selection = await selectCandidates({
      functionType: fn.type,
      metricName: draft.analysis.metricName,
      metric: draft.analysis.metric,
      inferences,
      candidates: draft.pool,
      baseline: { name: draft.baseVariant, variant: fn.variants[draft.baseVariant] },
      keep: strategy.maxNewVariants,
      examples: strategy.selectionExamples,
      budgetUsd: limit === null ? null : Math.max(0, limit - this.spentUsd),
      replay: (variant, input) => this.replay(functionName, variant, input, generation),
    });
    if (selection.stopped || this.steps.isStale(generation)) return STOPPED;
    if (selection.examples > 0 && draft.pool.length > 0) this.steps.say(describeSelection(selection, draft.baseVariant));
    this.options.rememberRejected(
      selection.rejected.map((r) => ({ fingerprint: r.score.fingerprint, functionName, variantName: r.candidate.name })),
      'scored below the kept candidates at selection',
    );
    return finishPlan(draft, config, strategy, selection.kept, selection);
  }

  /** The optimiser model's rewrite of the best system template joins the pool (when configured). */
  private async addRewriteCandidate(
    draft: OptimizationDraft,
    config: ConfigSnapshot['config'],
    inferences: StoredInferenceWithFeedback[],
    rejected: ReadonlySet<string>,
    generation: number,
  ): Promise<Stoppable<void>> {
    let stopped = false;
    const outcome = await runRewriteStep({
      draft,
      config,
      inferences,
      strategy: this.options.strategy,
      excludeFingerprints: rejected,
      infer: async (request) => {
        const result = await this.retries.withRetries(generation, 'the optimiser model', () => this.options.dataSource.infer({ kind: 'model', ...request }), 'return');
        if (result === STOPPED) {
          stopped = true;
          throw new Error('session stopped');
        }
        if (result instanceof TrainDataSourceError) throw result;
        this.spentUsd += result.costUsd ?? 0;
        return result.text;
      },
    });
    if (stopped || this.steps.isStale(generation)) return STOPPED;
    if (outcome.kind === 'added') {
      draft.pool.push(outcome.candidate);
      this.steps.say(`${outcome.model} rewrote the system prompt of ${draft.baseVariant}; the rewrite joins the candidates as ${outcome.candidate.name}.`);
    } else if (outcome.kind === 'unusable') {
      this.steps.say(`${outcome.model} was asked to rewrite the system prompt of ${draft.baseVariant}, but its reply was not a usable template (missing markers, changed template variables or an unchanged text); no rewrite this time.`);
    }
  }

  /** One candidate on one stored input; permanent refusals make the answer invalid, transient ones are retried. */
  private async replay(functionName: string, variant: Record<string, unknown>, input: InferenceInput, generation: number): Promise<ReplayOutcome | null> {
    const result = await this.retries.withRetries(generation, 'a dry-run scoring inference', () => this.options.dataSource.infer({ kind: 'variant', functionName, variant, input }), 'return');
    if (result === STOPPED) return null;
    if (result instanceof TrainDataSourceError) return { kind: 'invalid', reason: result.message };
    this.spentUsd += result.costUsd ?? 0;
    return { kind: 'answer', output: result.output, costUsd: result.costUsd };
  }
}
