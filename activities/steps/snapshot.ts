import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { exportSnapshot, restoreCheckpoint, validateSnapshot, withLocalCheckpoint } from '../../checkpoints';
import { startRunRecord } from './prepare-run';
import { buildIterationRecord } from '../../results/iteration-record';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, CheckpointRef, IterationSummary } from '../../workflows/shared';
import type { RunRegistry } from '../run-registry';
import { startRunResources } from '../run-resources';
import { withHeartbeat } from '../heartbeat';
import { runDatabases } from '../tensorzero-databases';
import { importTables } from '../../gateway/postgres-copy';
import { replaceDir } from '../../checkpoints/restore-checkpoint';
import { SNAPSHOT_POSTGRES_DIR } from '../../checkpoints/snapshot-files';
import { configDir } from '../../results/paths';
import { writeGatewayRuntimeJson } from './gateway-runtime-json';

const log = getLogger('snapshot');

/** `snapshot` mode: copies the baseline checkpoint out as a snapshot (original-harness.md §3.6). */
export async function exportRunSnapshot(input: BenchmarkRunInput, checkpoint: CheckpointRef): Promise<string> {
  if (!input.snapshotDir) throw new Error('snapshot mode needs snapshotDir');
  // On TensorZero's gateway the train database is exported live, right after the baseline, as the original does.
  const snapshotRoot = input.snapshotDir;
  const dir = await withLocalCheckpoint(checkpoint.dir, input.workDir, (checkpointDir) => exportSnapshot({ checkpointDir, snapshotRoot, env: input.env, trainDatabase: runDatabases(input)?.train }));
  log.info({ snapshot: dir }, 'snapshot written');
  return dir;
}

/**
 * `run --snapshot DIR` (original-harness.md §3.3): validate, restore the snapshot, start the
 * gateways, write `gateway/test/runtime.json`, and record iteration 0 as `baseline_restored`
 * from the stored metrics and stats. Built-in gateway: the same code as crash recovery (config
 * and train store; the test store starts empty). TensorZero's gateway, as the original: copy
 * `config/`, start the gateways on freshly reset databases (they migrate), then import
 * `postgres/` into the train database; the test database stays empty.
 */
export async function restoreFromSnapshot(input: BenchmarkRunInput, runs: RunRegistry): Promise<IterationSummary> {
  return withHeartbeat(async (report) => {
    if (!input.snapshot) throw new Error('restoreFromSnapshot needs input.snapshot');
    await runs.get(input.runId)?.close();
    runs.delete(input.runId);
    report({ step: 'restoring snapshot' });
    const databases = runDatabases(input);
    const contents = await validateSnapshot(input.snapshot, input.env, databases ? 'postgres' : 'sqlite');
    if (databases) {
      await fs.mkdir(input.workDir, { recursive: true });
      await replaceDir(path.join(input.snapshot, 'config'), configDir(input.workDir));
    } else {
      await restoreCheckpoint({ checkpointDir: input.snapshot, workDir: input.workDir, testStore: 'empty' });
    }
    // The snapshot's own run records and rollouts belong to the run that made it.
    await fs.rm(path.join(input.workDir, 'rollouts'), { recursive: true, force: true });
    await fs.rm(path.join(input.workDir, 'results'), { recursive: true, force: true });
    const recorder = await startRunRecord(input);

    report({ step: 'starting gateways' });
    const resources = await startRunResources(input, runs.recordGatewayDir, { freshDatabases: databases !== undefined });
    runs.set(input.runId, resources);
    if (databases) {
      report({ step: 'importing the snapshot into the train database' });
      const { imported, skipped } = await importTables(databases.train, path.join(input.snapshot, SNAPSHOT_POSTGRES_DIR));
      log.info({ imported: imported.length, skipped }, 'snapshot tables imported');
    }
    await writeGatewayRuntimeJson(input, resources, { primary: false });

    const { metrics, stats } = contents;
    const counts = (s: typeof stats.train) => ({ total: s.total, succeeded: s.succeeded, failed: s.failed, error_counts: s.error_counts });
    await recorder.recordIteration(
      buildIterationRecord({
        runId: input.runId,
        iteration: 0,
        phase: 'baseline_restored',
        train: counts(stats.train),
        test: counts(stats.test),
        trainMetrics: metrics.train,
        testMetrics: metrics.test,
        trainRolloutMetrics: stats.train.variant_metrics,
      }),
    );
    return {
      iteration: 0,
      phase: 'baseline_restored',
      trainMetrics: metrics.train,
      trainRolloutMetrics: stats.train.variant_metrics,
      testMetrics: metrics.test ?? {},
      train: counts(stats.train),
      test: counts(stats.test),
    };
  });
}
