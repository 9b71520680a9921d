import { resolveEnvironment } from '../../environments/resolve';
import { effectiveLlmgymEnv, testEpisodes } from '../../config/derived';
import { getLogger } from '../../common/logger';
import { costByVariant, costSummary } from '../../evaluation/cost';
import { taskOutcomes, type MetricDefinition } from '../../evaluation/outcomes';
import { readOutcomes, writeOutcomes } from '../../evaluation/outcomes-file';
import { buildPairedEvaluation, type PairedEvaluation } from '../../evaluation/paired-record';
import { baselinePolicy, bestTrainMean, freezeRouting, type FrozenPolicy } from '../../evaluation/policy';
import { planTestEpisodes, type TestPlan } from '../../evaluation/test-plan';
import type { GatewayClient } from '../../gateway/types';
import { rolloutDir, type RolloutPhase } from '../../results/paths';
import type { VariantMetrics } from '../../results/stats';
import type { EpisodePlan } from '../../rollouts/run-rollout';
import type { RolloutResult } from '../../rollouts/types';
import type { BenchmarkRunInput } from '../../workflows/shared';
import { runSeed, type RunResources } from '../run-resources';
import { rolloutForSplit } from './rollout-step';

const log = getLogger('evaluation');

export interface TestEvaluation {
  rollout: RolloutResult;
  /** null when there is nothing to pair with (no baseline outcomes) or the metric is unknown */
  paired: PairedEvaluation | null;
}

/**
 * The held-out test rollout as the paired evaluation (docs/evaluation.md): the run's fixed
 * task set, the policy frozen (the baseline `initial` at iteration 0; afterwards the deployed
 * routing read from the train gateway now, at the end of the train rollout, or the best train
 * mean), every test inference pinned to its task's variant, then the comparison with the
 * baseline's outcomes on the same tasks.
 */
export async function runTestEvaluation(options: {
  input: BenchmarkRunInput;
  iteration: number;
  phase: RolloutPhase;
  resources: RunResources;
  /** the train metrics just read (best_train_mean chooses by them) */
  trainMetrics: VariantMetrics | null;
  report: (details: unknown) => void;
  label: string;
}): Promise<TestEvaluation> {
  const { input, iteration, resources } = options;
  const env = input.env;
  const metric = await metricDefinition(input);
  const seed = runSeed(input);
  const choosePolicy = iteration === 0 ? baselinePolicy : await deployedPolicy(input, iteration, seed, resources.trainClient, metric, options.trainMetrics);
  let plan: TestPlan | undefined;
  let policy: FrozenPolicy | undefined;
  const planEpisodes = (numTasks: number | null): EpisodePlan => {
    const testPlan = planTestEpisodes({ numTasks, requested: testEpisodes(env), repeats: env.test_repeats, seed });
    const frozen = choosePolicy(testPlan.taskIds);
    plan = testPlan;
    policy = frozen;
    // Only the measured function is pinned; helper functions of the environment keep their own routing.
    return { ...testPlan, variantFor: (episodeNum, functionName) => (functionName === env.function_name ? frozen.variantByTask[testPlan.slot(episodeNum).taskId] : undefined) };
  };
  const dir = rolloutDir(input.workDir, iteration, options.phase, 'test');
  const rollout = await rolloutForSplit(input, 'test', resources.testClient, dir, options.report, options.label, planEpisodes);
  if (!plan || !policy || !metric) return { rollout, paired: null };

  const current = taskOutcomes(plan, rollout.episode_results, metric);
  await writeOutcomes(input.workDir, { iteration, repeats: plan.repeats, variant_by_task: policy.variantByTask, outcomes: current });
  const baseline = iteration === 0 ? current : (await readOutcomes(input.workDir, 0))?.outcomes;
  if (!baseline) {
    log.warn({ iteration }, 'no baseline outcomes on this run\'s task set (a restored snapshot\'s baseline): no paired comparison');
    return { rollout, paired: null };
  }
  const paired = buildPairedEvaluation({
    metric,
    policy,
    seed,
    repeats: plan.repeats,
    baseline,
    current: iteration === 0 ? null : current,
    cost: costSummary(rollout.episode_results),
    costByVariant: costByVariant(rollout.episode_results),
  });
  return { rollout, paired };
}

/** The configured metric as the environment declares it; null (and a warning) when it declares none. */
async function metricDefinition(input: BenchmarkRunInput): Promise<MetricDefinition | null> {
  const spec = await resolveEnvironment(effectiveLlmgymEnv(input.env)).describe(input.env.env_config);
  const declared = spec.metrics[input.env.metric_name];
  if (!declared) {
    log.warn({ metric: input.env.metric_name, declared: Object.keys(spec.metrics) }, 'the environment declares no such metric: no paired evaluation');
    return null;
  }
  return { name: input.env.metric_name, ...declared };
}

/** The policy after an iteration, frozen from what the train gateway reports now. */
async function deployedPolicy(
  input: BenchmarkRunInput,
  iteration: number,
  seed: number,
  train: GatewayClient,
  metric: MetricDefinition | null,
  trainMetrics: VariantMetrics | null,
): Promise<(taskIds: readonly string[]) => FrozenPolicy> {
  const routing = (await train.variantSamplingProbabilities(input.env.function_name)).probabilities;
  if (input.env.test_policy === 'frozen_routing') return (taskIds) => freezeRouting({ routing, taskIds, seed, iteration });
  const metrics = trainMetrics ?? (await train.trainMetrics(input.env.function_name, input.env.metric_name));
  const variants = metrics?.[input.env.metric_name]?.variants ?? {};
  const trainMeans = Object.fromEntries(Object.entries(variants).map(([name, stat]) => [name, stat.mean]));
  return (taskIds) => bestTrainMean({ trainMeans, optimize: metric?.optimize ?? 'max', taskIds, candidates: Object.keys(routing) });
}
