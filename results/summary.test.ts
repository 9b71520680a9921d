import type { IterationRecord } from './iteration-record';
import { renderSummary } from './summary';

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
  TRAIN:
    initial                        0.625 +/-0.094 (100 episodes)

Iteration 1 (post_autopilot) [autopilot: 12 turns, 3 writes, idle]
  Variants: initial, sim_large_fewshot
  --------------------------------------------------------------------
  TEST:
    initial                        0.550 +/-0.219 (20 episodes)
    sim_large_fewshot              0.900 +/-0.186 (10 episodes)
  TRAIN:
    initial                        1.000 (7 episodes)

Iteration 2 (post_autopilot) [autopilot: 20 turns, 0 writes, interrupted]
  Variants: (none)
  --------------------------------------------------------------------
  TEST:
    (no variant data)
  TRAIN:
    (no train metrics)

Iteration 3 (post_autopilot) [autopilot: 1 turns, 1 writes, 1 refused, error, fault: protocol_violation]
  Variants: (none)
  --------------------------------------------------------------------
  TEST:
    (no test metrics)
  TRAIN:
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

  it('marks a restored baseline without autopilot details and renders an empty run', () => {
    const restored = renderSummary({ envName: 'harbor_v0', runId: 'r', metricName: 'reward', iterations: [{ ...iterations[0], phase: 'baseline_restored' }] });
    expect(restored).toContain('\nIteration 0 (baseline_restored)\n');
    expect(renderSummary({ envName: 'e', runId: 'r', metricName: 'm', iterations: [] })).toBe(
      `${'='.repeat(72)}\nRun Summary: e (run_id=r)\nMetric: m\n${'='.repeat(72)}\n\n${'='.repeat(72)}`,
    );
  });
});
