import { restoreCheckpoint, withLocalCheckpoint } from '../../checkpoints';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, CheckpointRef } from '../../workflows/shared';
import type { RunRegistry } from '../run-registry';
import { interlocutorDir, startRunResources } from '../run-resources';
import { isAlive, readPidFile, reapOrphanedGateway } from '../../gateway/pid-file';
import { ApplicationFailure } from '@temporalio/common';
import { gatewayDir, testGatewayDir } from '../../results/paths';
import { withHeartbeat } from '../heartbeat';
import { runDatabases } from '../tensorzero-databases';

const log = getLogger('restore');

/**
 * Puts the run on this worker in the state of `checkpoint`: whatever this worker still holds for
 * the run is stopped, the checkpoint's config, stores (or Postgres databases) and artifacts
 * replace the work dir's, and the gateways start on the restored stores. (Gateways a dead worker left behind are reaped by
 * the process manager from their pid files.) Without a checkpoint — the baseline had not
 * finished — nothing is restored: the baseline step starts from scratch.
 */
export async function restoreRun(input: BenchmarkRunInput, checkpoint: CheckpointRef | null, runs: RunRegistry): Promise<void> {
  await withHeartbeat(async (report) => {
    await runs.get(input.runId)?.close();
    runs.delete(input.runId);
    // A dead worker's gateways may still run (and write to the stores): stop them before restoring.
    const dirs = [gatewayDir(input.workDir), testGatewayDir(input.workDir), interlocutorDir(input.workDir)];
    for (const dir of dirs) await reapOrphanedGateway(dir);
    // A previous worker that is alive after all (it only missed heartbeats) was asked to stop the
    // run; never restore underneath its gateways.
    await waitForOtherOwners(dirs, PREVIOUS_OWNER_WAIT_MS, report);
    if (!checkpoint) return;
    report({ step: `restoring checkpoint ${checkpoint.iteration}` });
    // An S3 checkpoint is downloaded next to the work dir first; the restore itself reads local files.
    await withLocalCheckpoint(checkpoint.dir, input.workDir, (dir) => restoreCheckpoint({ checkpointDir: dir, workDir: input.workDir, testStore: 'restore', databases: runDatabases(input) }));
    report({ step: 'starting gateways on the restored stores' });
    runs.set(input.runId, await startRunResources(input, runs.recordGatewayDir));
    log.info({ runId: input.runId, checkpoint: checkpoint.dir }, 'run restored on this worker');
  });
}

const PREVIOUS_OWNER_WAIT_MS = 60_000;

/** Waits until no gateway of this run belongs to another live worker; fails the restore after `timeoutMs`. */
async function waitForOtherOwners(dirs: string[], timeoutMs: number, report: (details: unknown) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held: string[] = [];
    for (const dir of dirs) {
      const record = await readPidFile(dir);
      if (record?.ownerPid && record.ownerPid !== process.pid && isAlive(record.ownerPid) && isAlive(record.pid)) held.push(`${dir} (gateway ${record.pid}, worker ${record.ownerPid})`);
    }
    if (held.length === 0) return;
    if (Date.now() > deadline) {
      throw ApplicationFailure.nonRetryable(`another live worker still runs this run's gateways: ${held.join(', ')}; stop it, then retry`, 'PreviousWorkerStillAlive');
    }
    report({ step: 'waiting for the previous worker to stop its gateways' });
    await new Promise((r) => setTimeout(r, 500));
  }
}
