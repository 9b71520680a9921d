import { rolloutDir } from '../../results/paths';
import { createRunRecorder } from '../../results/recorder';
import { buildIterationRecord, SKIPPED_ROLLOUT } from '../../results/iteration-record';
import type { BenchmarkRunInput, IterationSummary, SessionSummary } from '../../workflows/shared';
import type { RunResources } from '../run-resources';
import { withHeartbeat } from '../heartbeat';
import { rolloutForSplit, statsOf } from './rollout-step';
import { runTestEvaluation } from './test-evaluation';

/**
 * Evaluation after an autopilot iteration (original-harness.md §3.4 steps 6–8): the train
 * rollout that feeds the next iteration (train metrics are cumulative over the train store;
 * the rollout's own figures are kept beside them), then the held-out test rollout as the
 * paired evaluation of the frozen policy, then the iteration record.
 */
export async function runEvaluation(
  input: BenchmarkRunInput,
  iteration: number,
  session: SessionSummary,
  resources: RunResources,
): Promise<IterationSummary> {
  return withHeartbeat(async (reportStep) => {
    // Heartbeats name the iteration's session, so a redo after a lost worker records which one it replaces.
    const report = (details: unknown) => reportStep({ ...(details as object), sessionId: session.session_id ?? undefined });
    // A snapshot-backed single-iteration run has no later iteration to consume train data.
    const skipTrain = input.snapshot !== null && input.env.num_iterations === 1;
    let trainStats = SKIPPED_ROLLOUT;
    let trainMetrics = null;
    let trainRolloutMetrics = null;
    if (!skipTrain) {
      const train = await rolloutForSplit(input, 'train', resources.trainClient, rolloutDir(input.workDir, iteration, 'post_autopilot', 'train'), report, `iteration ${iteration} train`);
      trainStats = statsOf(train);
      trainRolloutMetrics = train.variant_metrics;
      trainMetrics = await resources.trainClient.trainMetrics(input.env.function_name, input.env.metric_name);
    }
    // Read right after the train rollout: the frozen policy is the routing at this moment.
    const { rollout: test, paired } = await runTestEvaluation({ input, iteration, phase: 'post_autopilot', resources, trainMetrics, report, label: `iteration ${iteration} test` });

    await createRunRecorder(input.workDir).recordIteration(
      buildIterationRecord({
        runId: input.runId,
        iteration,
        phase: 'post_autopilot',
        train: trainStats,
        test: statsOf(test),
        trainMetrics,
        testMetrics: test.variant_metrics,
        trainRolloutMetrics,
        pairedEvaluation: paired,
        autopilot: {
          session_id: session.session_id,
          turns: session.turns,
          config_writes: session.config_writes_count,
          final_status: session.final_status,
          fault: session.fault,
          edits: session.edits,
          budget: session.budget ?? null,
        },
      }),
    );
    return { iteration, phase: 'post_autopilot', trainMetrics, trainRolloutMetrics, testMetrics: test.variant_metrics, train: trainStats, test: statsOf(test), pairedDelta: paired?.delta?.mean ?? null };
  });
}
