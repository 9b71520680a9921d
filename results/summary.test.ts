import type { IterationRecord } from './iteration-record';
import type { PairedEvaluation } from '../evaluation/paired-record';
import { renderBriefSummary, renderSummary } from './summary';

const base = {
  id: 'x',
  run_id: 'run-1',
  finished_at: '2026-03-20T15:30:00.000000+00:00',
  num_episodes: 0,
  num_succeeded: 0,
  num_failed: 0,
  error_counts: {},
  autopilot_session_id: null,
  autopilot_turns: null,
  autopilot_config_writes: null,
  autopilot_final_status: null,
  train_metrics_scope: 'cumulative_gateway_store' as const,
  train_rollout_metrics: null,
  paired_evaluation: null,
  autopilot_fault: null,
  autopilot_edits: null,
};

const iterations: IterationRecord[] = [
  {
    ...base,
    iteration_number: 0,
    phase: 'baseline',
    active_variants: ['initial'],
    metrics: {
      test: { exact_match: { variants: { initial: { mean: 0.5, std: 0.5, n: 4, n_episodes: 3, ci_error: 0.49 } }, n: 4, n_episodes: 3 } },
      train: { exact_match: { variants: { initial: { mean: 0.6254, std: 0.48, n: 100, ci_error: 0.0941 } }, n: 100 } },
    },
  },
  {
    ...base,
    iteration_number: 1,
    phase: 'post_autopilot',
    active_variants: ['initial', 'sim_large_fewshot'],
    autopilot_session_id: 's',
    autopilot_turns: 12,
    autopilot_config_writes: 3,
    autopilot_final_status: 'idle',
    metrics: {
      test: {
        exact_match: {
          variants: {
            sim_large_fewshot: { mean: 0.9, std: 0.3, n: 10, n_episodes: 10, ci_error: 0.186 },
            initial: { mean: 0.55, std: 0.5, n: 20, n_episodes: 20, ci_error: 0.219 },
          },
          n: 30,
          n_episodes: 30,
        },
      },
      // the gateway did not report a CI for this variant
      train: { exact_match: { variants: { initial: { mean: 1, std: null, n: 7, ci_error: null } }, n: 7 } },
    },
  },
  {
    ...base,
    iteration_number: 2,
    phase: 'post_autopilot',
    active_variants: [],
    autopilot_session_id: 's2',
    autopilot_turns: 20,
    autopilot_config_writes: 0,
    autopilot_final_status: 'interrupted',
    metrics: { test: { other_metric: { variants: {}, n: 0, n_episodes: 0 } }, train: null },
  },
  {
    ...base,
    iteration_number: 3,
    phase: 'post_autopilot',
    active_variants: [],
    autopilot_session_id: 's3',
    autopilot_turns: 1,
    autopilot_config_writes: 1,
    autopilot_final_status: 'error',
    autopilot_fault: { kind: 'protocol_violation', message: 'autopilot protocol fault in the response to GET /sessions/s3/events: status.status is not a string (value: 42)' },
    autopilot_edits: { applied: [], rejected: [{ index: 0, operation: 'upsert_variant', target: 'functions.f.variants.v', reason: 'invalid edit payload' }] },
    metrics: { test: null, train: { exact_match: { variants: {}, n: 0 } } },
  },
];

const EXPECTED = `========================================================================
Run Summary: ner_conllpp_v0 (run_id=run-1)
Metric: exact_match
========================================================================

Iteration 0 (baseline)
  Variants: initial
  --------------------------------------------------------------------
  TEST:
    initial                        0.500 +/-0.490 (3 episodes)
  TRAIN (cumulative over the run, gateway store):
    initial                        0.625 +/-0.094 (100 episodes)

Iteration 1 (post_autopilot) [autopilot: 12 turns, 3 writes, idle]
  Variants: initial, sim_large_fewshot
  --------------------------------------------------------------------
  TEST:
    initial                        0.550 +/-0.219 (20 episodes)
    sim_large_fewshot              0.900 +/-0.186 (10 episodes)
  TRAIN (cumulative over the run, gateway store):
    initial                        1.000 (7 episodes)

Iteration 2 (post_autopilot) [autopilot: 20 turns, 0 writes, interrupted]
  Variants: (none)
  --------------------------------------------------------------------
  TEST:
    (no variant data)
  TRAIN (cumulative over the run, gateway store):
    (no train metrics)

Iteration 3 (post_autopilot) [autopilot: 1 turns, 1 writes, 1 refused, error, fault: protocol_violation]
  Variants: (none)
  --------------------------------------------------------------------
  TEST:
    (no test metrics)
  TRAIN (cumulative over the run, gateway store):
    (no variant data)

========================================================================`;

describe('renderSummary', () => {
  it('renders the end-of-run table exactly', () => {
    expect(renderSummary({ envName: 'ner_conllpp_v0', runId: 'run-1', metricName: 'exact_match', iterations })).toBe(EXPECTED);
  });

  it('uses 72-column = rules, a 68-column - rule and 30-column names', () => {
    const lines = EXPECTED.split('\n');
    expect(lines[0]).toHaveLength(72);
    expect(lines[7].trim()).toHaveLength(68);
    expect(lines[9].indexOf('0.500') - 4).toBe(31);
  });

  it('opens with the paired answer per iteration and labels the train rows by scope', () => {
    const paired = (iteration: number, policy: number, delta: number | null, p: number | null): PairedEvaluation => ({
      metric_name: 'exact_match',
      metric_type: 'boolean',
      optimize: 'max',
      level: 'episode',
      policy: { kind: 'frozen_routing', routing: iteration === 0 ? { initial: 1 } : { initial: 0.25, fewshot: 0.75 }, assignments: {} },
      seed: 42,
      n_tasks: 40,
      repeats: 1,
      task_ids: [],
      n_dropped: 0,
      baseline: { mean: 0.4, ci: [0.26, 0.55], method: 'wilson' },
      policy_metric: { mean: policy, ci: [policy - 0.15, policy + 0.12], method: 'wilson' },
      delta: delta === null ? null : { mean: delta, ci: [delta - 0.2, delta + 0.2], method: 'newcombe_paired' },
      p_value: p,
      test: p === null ? null : 'mcnemar_exact',
      pass_k: null,
      cost: { episodes: 40, tokens_per_episode: 812.4, cost_per_episode_usd: 0.00012, latency_ms_p50: 3, latency_ms_p90: 5, episode_latency_ms_p50: 4, episode_latency_ms_p90: 6 },
      cost_by_variant: { fewshot: { episodes: 30, tokens_per_episode: 900, cost_per_episode_usd: null, latency_ms_p50: 2.4, latency_ms_p90: 7, episode_latency_ms_p50: 3, episode_latency_ms_p90: 8 } },
    });
    const records: IterationRecord[] = [
      { ...iterations[0], paired_evaluation: paired(0, 0.4, null, null), train_rollout_metrics: iterations[0].metrics.train },
      { ...iterations[1], paired_evaluation: paired(1, 0.7, 0.3, 0.0012) },
      { ...iterations[2], paired_evaluation: paired(2, 0.45, 0.05, 0.62) },
    ];
    const text = renderSummary({ envName: 'ner_conllpp_v0', runId: 'run-1', metricName: 'exact_match', iterations: records });
    const lines = text.split('\n');
    // the answer comes before the first per-variant block
    expect(lines.findIndex((l) => l.startsWith('The answer'))).toBeLessThan(lines.findIndex((l) => l.startsWith('Iteration 0')));
    expect(text).toContain('The answer: frozen policy vs baseline on the same 40 test tasks (seed 42), 95% intervals');
    expect(text).toContain('  0    0.400 [0.250, 0.520]     baseline (initial); $0.000120, 812 tokens/episode');
    expect(text).toContain('  1    0.700 [0.550, 0.820]     Δ +0.300 [+0.100, +0.500], p = 0.001 (McNemar exact) improved; $0.000120, 812 tokens/episode');
    expect(text).toContain('Δ +0.050 [-0.150, +0.250], p = 0.620 (McNemar exact) no significant difference');
    expect(text).toContain('       latency p50/p90 3/5 ms per inference, 4/6 ms per episode\n         fewshot: 30 episodes, cost unknown, 900 tokens/episode, p50/p90 2/7 ms per inference');
    expect(text).toContain("  TRAIN (this iteration's rollout):\n    initial                        0.625 +/-0.094 (100 episodes)");
    // the console's brief version: the answer and the policy's latency, not each variant's cost
    const brief = renderBriefSummary({ envName: 'ner_conllpp_v0', runId: 'run-1', metricName: 'exact_match', iterations: records });
    expect(brief).toContain('  1    0.700 [0.550, 0.820]     Δ +0.300 [+0.100, +0.500], p = 0.001 (McNemar exact) improved');
    expect(brief).toContain('       latency p50/p90 3/5 ms per inference, 4/6 ms per episode');
    expect(brief).not.toContain('fewshot: 30 episodes');
  });

  it('the brief summary for the console keeps the answer and the TEST rows, without per-variant cost or TRAIN', () => {
    const text = renderSummary({ envName: 'ner_conllpp_v0', runId: 'run-1', metricName: 'exact_match', iterations });
    const brief = renderBriefSummary({ envName: 'ner_conllpp_v0', runId: 'run-1', metricName: 'exact_match', iterations });
    expect(brief.split('\n').slice(0, 4)).toEqual(text.split('\n').slice(0, 4));
    for (const it of iterations) expect(brief).toContain(`Iteration ${it.iteration_number} (${it.phase})`);
    expect(brief).toMatch(/^ {4}initial +\d\.\d{3}/m);
    expect(brief).not.toContain('TRAIN');
  });

  it('marks a restored baseline without autopilot details and renders an empty run', () => {
    const restored = renderSummary({ envName: 'harbor_v0', runId: 'r', metricName: 'reward', iterations: [{ ...iterations[0], phase: 'baseline_restored' }] });
    expect(restored).toContain('\nIteration 0 (baseline_restored)\n');
    expect(renderSummary({ envName: 'e', runId: 'r', metricName: 'm', iterations: [] })).toBe(
      `${'='.repeat(72)}\nRun Summary: e (run_id=r)\nMetric: m\n${'='.repeat(72)}\n\n${'='.repeat(72)}`,
    );
  });
});
