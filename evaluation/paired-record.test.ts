import type { EpisodeResult } from '../rollouts/types';
import { costSummary } from './cost';
import { episodeValue, taskOutcomes, type MetricDefinition } from './outcomes';
import { buildPairedEvaluation } from './paired-record';
import { baselinePolicy, freezeRouting } from './policy';
import { planTestEpisodes } from './test-plan';

const BOOLEAN: MetricDefinition = { name: 'exact_match', type: 'boolean', optimize: 'max', level: 'inference' };
const FLOAT: MetricDefinition = { name: 'reward', type: 'float', optimize: 'max', level: 'episode' };

function episode(num: number, success: boolean, values: Record<string, number[]>, variant = 'initial'): EpisodeResult {
  return {
    episode_num: num,
    success,
    variant_name: variant,
    feedback_values: values,
    error_type: success ? null : 'Boom',
    error_message: null,
    stack_trace: null,
    timestamp: null,
    timing: {} as EpisodeResult['timing'],
    usage: { inferences: 1, input_tokens: 100, output_tokens: 20, cost: 0.001, inference_ms: [10 * num], episode_ms: 12 * num },
  };
}

describe('episode values', () => {
  test('a failed or silent episode counts as failure for a boolean metric and has no value for a float one', () => {
    expect(episodeValue(episode(1, false, { exact_match: [1] }), BOOLEAN)).toBe(0);
    expect(episodeValue(episode(1, true, {}), BOOLEAN)).toBe(0);
    expect(episodeValue(episode(1, true, {}), { ...BOOLEAN, optimize: 'min' })).toBe(1);
    expect(episodeValue(episode(1, true, { exact_match: [1, 0] }), BOOLEAN)).toBe(0);
    expect(episodeValue(episode(1, false, { reward: [0.5] }), FLOAT)).toBeNull();
    expect(episodeValue(episode(1, true, { reward: [0.5, 1] }), FLOAT)).toBe(0.75);
  });

  test('outcomes follow the plan: episode → task and repeat', () => {
    const plan = planTestEpisodes({ numTasks: 2, requested: 2, repeats: 2, seed: 1 });
    const outcomes = taskOutcomes(plan, [episode(1, true, { exact_match: [1] }), episode(2, true, { exact_match: [0] }), episode(4, true, { exact_match: [1] })], BOOLEAN);
    // episode 3 (task 0, repeat 1) never reported: failure value
    expect(outcomes).toEqual([
      { taskId: '0', values: [1, 0] },
      { taskId: '1', values: [0, 1] },
    ]);
  });
});

describe('buildPairedEvaluation', () => {
  const plan = planTestEpisodes({ numTasks: 20, requested: 20, repeats: 1, seed: 3 });
  const results = (successes: number) => plan.taskIds.map((_, i) => episode(i + 1, true, { exact_match: [i < successes ? 1 : 0] }));
  const baseline = taskOutcomes(plan, results(6), BOOLEAN);
  const common = { metric: BOOLEAN, seed: 3, repeats: 1, baseline, cost: costSummary(results(6)), costByVariant: {} };

  test('the baseline record has its own interval and no difference', () => {
    const record = buildPairedEvaluation({ ...common, policy: baselinePolicy(plan.taskIds), current: null });
    expect(record).toMatchObject({ n_tasks: 20, repeats: 1, n_dropped: 0, delta: null, p_value: null, test: null, pass_k: null, policy: { routing: { initial: 1 } } });
    expect(record.policy_metric).toEqual(record.baseline);
    expect(record.baseline.mean).toBe(0.3);
    expect(record.baseline.method).toBe('wilson');
    expect(record.task_ids).toEqual(plan.taskIds);
  });

  test('an iteration pairs with the baseline task by task: McNemar exact and Newcombe for a binary metric', () => {
    const current = taskOutcomes(plan, results(16), BOOLEAN);
    const policy = freezeRouting({ routing: { fewshot: 1 }, taskIds: plan.taskIds, seed: 3, iteration: 1 });
    const record = buildPairedEvaluation({ ...common, policy, current });
    expect(record.policy_metric.mean).toBe(0.8);
    expect(record.delta).toMatchObject({ mean: 0.5, method: 'newcombe_paired' });
    expect(record.delta!.ci[0]!).toBeGreaterThan(0);
    // 10 discordant pairs, all in the policy's favour: p = 2 · 0.5^10
    expect(record.p_value).toBeCloseTo(2 / 1024, 12);
    expect(record.test).toBe('mcnemar_exact');
    expect(record.policy.assignments).toEqual({ fewshot: 20 });
    expect(record.cost).toMatchObject({ episodes: 20, tokens_per_episode: 120, cost_per_episode_usd: 0.001 });
  });

  test('repeats give pass^k and pass@k and a signed-rank test on per-task means', () => {
    const repeated = planTestEpisodes({ numTasks: 10, requested: 10, repeats: 2, seed: 5 });
    // first round all succeed, second round only the first 5 tasks
    const episodes = Array.from({ length: 20 }, (_, i) => episode(i + 1, true, { exact_match: [i < 10 || i < 15 ? 1 : 0] }));
    const current = taskOutcomes(repeated, episodes, BOOLEAN);
    const base = taskOutcomes(repeated, episodes.map((e) => ({ ...e, feedback_values: { exact_match: [0] } })), BOOLEAN);
    const record = buildPairedEvaluation({ ...common, baseline: base, repeats: 2, policy: baselinePolicy(repeated.taskIds), current });
    expect(record.pass_k).toEqual({ k: 2, pass_hat_k: 0.5, pass_at_k: 1 });
    expect(record.test).toBe('wilcoxon_signed_rank');
    expect(record.delta!.method).toBe('bootstrap');
  });

  test('a float metric drops tasks without a value on either side and counts them', () => {
    const floatPlan = planTestEpisodes({ numTasks: 6, requested: 6, repeats: 1, seed: 1 });
    const values = [0.2, 0.4, 0.5, 0.9, 0.1, 0.3];
    const base = taskOutcomes(floatPlan, values.map((v, i) => episode(i + 1, true, { reward: [v] })), FLOAT);
    const current = taskOutcomes(floatPlan, values.map((v, i) => episode(i + 1, i !== 2, { reward: [v + 0.05] })), FLOAT);
    const record = buildPairedEvaluation({ ...common, metric: FLOAT, baseline: base, policy: baselinePolicy(floatPlan.taskIds), current });
    expect(record.n_dropped).toBe(1);
    expect(record.test).toBe('wilcoxon_signed_rank');
    expect(record.delta!.mean).toBeCloseTo(0.05, 10);
  });
});
