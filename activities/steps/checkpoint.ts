import { writeCheckpoint, checkpointRootFor } from '../../checkpoints';
import type { BenchmarkRunInput, CheckpointRef, IterationSummary } from '../../workflows/shared';
import { withHeartbeat } from '../heartbeat';
import { writeRunReport } from '../../report/run-report';
import { runDatabases } from '../tensorzero-databases';

/**
 * Writes the checkpoint after the baseline or an iteration: config, both stores (online SQLite
 * backups, or `pg_dump`s of the run's Postgres databases on TensorZero's gateway; the gateways
 * keep running), the artifacts so far and the step's summary, into the run's checkpoint root
 * (its work dir, a shared directory or an `s3://` URL). The workflow keeps only the returned reference.
 */
export async function checkpointRun(input: BenchmarkRunInput, summary: IterationSummary): Promise<CheckpointRef> {
  return withHeartbeat(async (report) => {
    report({ step: `writing checkpoint ${summary.iteration}` });
    const ref = await writeCheckpoint({
      workDir: input.workDir,
      checkpointRoot: checkpointRootFor(input.workDir, input.checkpointRoot ?? null),
      // an S3 checkpoint is built beside the run's files (same disk), then uploaded
      scratchDir: input.workDir,
      runId: input.runId,
      iteration: summary.iteration,
      databases: runDatabases(input),
      summary: {
        train: { ...summary.train, variant_metrics: summary.trainRolloutMetrics ?? {} },
        test: { ...summary.test, variant_metrics: summary.testMetrics },
        trainMetrics: summary.trainMetrics,
      },
    });
    // After each iteration, so a long run can be looked at while it goes.
    report({ step: `writing report ${summary.iteration}` });
    await writeRunReport(input.workDir);
    return ref;
  });
}
