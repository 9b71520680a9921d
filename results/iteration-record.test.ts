import { isUuid7 } from '../common/uuid7';
import { activeVariants, buildIterationRecord, NO_EDITS, SKIPPED_ROLLOUT } from './iteration-record';
import type { VariantMetrics } from './stats';

const testMetrics: VariantMetrics = {
  exact_match: { variants: { initial: { mean: 0.5, std: 0.5, n: 4, n_episodes: 4, ci_error: 0.49 } }, n: 4, n_episodes: 6 },
  // a variant that only appears under another metric still counts as active
  latency: { variants: { zeta: { mean: 1, std: 0, n: 1, n_episodes: 1, ci_error: 0 }, alpha: { mean: 2, std: 0, n: 1, n_episodes: 1, ci_error: 0 } }, n: 2, n_episodes: 6 },
};
const trainMetrics: VariantMetrics = { exact_match: { variants: { initial: { mean: 0.6, std: 0.4, n: 10, ci_error: 0.2 } }, n: 10 } };

describe('buildIterationRecord', () => {
  it('builds a baseline record: summed counts, merged errors, sorted active variants, null autopilot fields', () => {
    const record = buildIterationRecord({
      runId: 'run-1',
      iteration: 0,
      phase: 'baseline',
      train: { total: 10, succeeded: 8, failed: 2, error_counts: { TimeoutError: 1, ValueError: 1 } },
      test: { total: 6, succeeded: 5, failed: 1, error_counts: { TimeoutError: 1 } },
      trainMetrics,
      testMetrics,
      finishedAt: new Date('2026-03-20T15:30:00Z'),
    });
    expect(isUuid7(record.id)).toBe(true);
    expect(record).toEqual({
      id: record.id,
      run_id: 'run-1',
      iteration_number: 0,
      phase: 'baseline',
      finished_at: '2026-03-20T15:30:00.000000+00:00',
      num_episodes: 16,
      num_succeeded: 13,
      num_failed: 3,
      error_counts: { TimeoutError: 2, ValueError: 1 },
      metrics: { train: trainMetrics, test: testMetrics },
      active_variants: ['alpha', 'initial', 'zeta'],
      autopilot_session_id: null,
      autopilot_turns: null,
      autopilot_config_writes: null,
      autopilot_final_status: null,
      train_metrics_scope: 'cumulative_gateway_store',
      train_rollout_metrics: null,
      paired_evaluation: null,
      autopilot_fault: null,
      autopilot_edits: null,
      autopilot_budget: null,
    });
    expect(Object.keys(record)).toEqual([
      'id', 'run_id', 'iteration_number', 'phase', 'finished_at', 'num_episodes', 'num_succeeded', 'num_failed',
      'error_counts', 'metrics', 'active_variants', 'autopilot_session_id', 'autopilot_turns', 'autopilot_config_writes',
      'autopilot_final_status', 'train_metrics_scope', 'train_rollout_metrics', 'paired_evaluation', 'autopilot_fault', 'autopilot_edits',
      'autopilot_budget',
    ]);
  });

  it('carries the autopilot outcome of a post-autopilot iteration, with a skipped train rollout', () => {
    const edits = {
      applied: [{ index: 0, operation: 'upsert_variant', target: 'functions.f.variants.v2' }],
      rejected: [{ index: 1, operation: 'upsert_variant', target: 'functions.f.variants.v3', reason: 'invalid edit payload: ✖ Invalid input → at variant.type' }],
    };
    const record = buildIterationRecord({
      runId: 'run-1',
      iteration: 1,
      phase: 'post_autopilot',
      train: SKIPPED_ROLLOUT,
      test: { total: 6, succeeded: 6, failed: 0, error_counts: {} },
      trainMetrics: null,
      testMetrics,
      autopilot: { session_id: 'sess-1', turns: 12, config_writes: 3, final_status: 'idle', fault: null, edits },
    });
    expect(record).toMatchObject({
      num_episodes: 6,
      num_succeeded: 6,
      num_failed: 0,
      error_counts: {},
      metrics: { train: null, test: testMetrics },
      autopilot_session_id: 'sess-1',
      autopilot_turns: 12,
      autopilot_config_writes: 3,
      autopilot_final_status: 'idle',
      autopilot_fault: null,
      autopilot_edits: edits,
    });
    expect(record.id).not.toBe(buildIterationRecord({ runId: 'r', iteration: 1, phase: 'post_autopilot', train: SKIPPED_ROLLOUT, test: SKIPPED_ROLLOUT, trainMetrics: null, testMetrics: null }).id);
  });

  it('records the fault of a session that broke the protocol', () => {
    const fault = { kind: 'protocol_violation', message: 'autopilot protocol fault in the response to GET /sessions/s/events: status.status is not a string (value: 42)' };
    const record = buildIterationRecord({
      runId: 'run-1',
      iteration: 2,
      phase: 'post_autopilot',
      train: SKIPPED_ROLLOUT,
      test: SKIPPED_ROLLOUT,
      trainMetrics: null,
      testMetrics: null,
      autopilot: { session_id: 'sess-2', turns: 0, config_writes: 0, final_status: 'error', fault, edits: NO_EDITS },
    });
    expect(record).toMatchObject({ autopilot_final_status: 'error', autopilot_fault: fault, autopilot_edits: { applied: [], rejected: [] } });
  });

  it('has no active variants without test metrics', () => {
    expect(activeVariants(null)).toEqual([]);
  });
});
