import { restoreCheckpoint } from '../../checkpoints';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, CheckpointRef } from '../../workflows/shared';
import type { RunRegistry } from '../run-registry';
import { interlocutorDir, startRunResources } from '../run-resources';
import { reapOrphanedGateway } from '../../gateway/pid-file';
import { gatewayDir, testGatewayDir } from '../../results/paths';
import { withHeartbeat } from '../heartbeat';

const log = getLogger('restore');

/**
 * Puts the run on this worker in the state of `checkpoint`: whatever this worker still holds for
 * the run is stopped, the checkpoint's config, stores and artifacts replace the work dir's, and
 * the gateways start on the restored stores. (Gateways a dead worker left behind are reaped by
 * the process manager from their pid files.) Without a checkpoint — the baseline had not
 * finished — nothing is restored: the baseline step starts from scratch.
 */
export async function restoreRun(input: BenchmarkRunInput, checkpoint: CheckpointRef | null, runs: RunRegistry): Promise<void> {
  await withHeartbeat(async (report) => {
    await runs.get(input.runId)?.close();
    runs.delete(input.runId);
    // A dead worker's gateways may still run (and write to the stores): stop them before restoring.
    for (const dir of [gatewayDir(input.workDir), testGatewayDir(input.workDir), interlocutorDir(input.workDir)]) await reapOrphanedGateway(dir);
    if (!checkpoint) return;
    report({ step: `restoring checkpoint ${checkpoint.iteration}` });
    await restoreCheckpoint({ checkpointDir: checkpoint.dir, workDir: input.workDir, testStore: 'restore' });
    report({ step: 'starting gateways on the restored stores' });
    runs.set(input.runId, await startRunResources(input, runs.recordGatewayDir));
    log.info({ runId: input.runId, checkpoint: checkpoint.dir }, 'run restored on this worker');
  });
}
