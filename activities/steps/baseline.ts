import { resolveEnvironment } from '../../environments/resolve';
import { generateT0Config } from '../../gateway/t0-config';
import { effectiveLlmgymEnv } from '../../config/derived';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { configDir, rolloutDir, rolloutsRoot, trainStoreFile, testStoreFile } from '../../results/paths';
import { removeStore } from '../../checkpoints/sqlite-copy';
import { writeGatewayRuntimeJson } from './gateway-runtime-json';
import { createRunRecorder } from '../../results/recorder';
import { buildIterationRecord } from '../../results/iteration-record';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, IterationSummary } from '../../workflows/shared';
import type { RunRegistry } from '../run-registry';
import { startRunResources } from '../run-resources';
import { withHeartbeat } from '../heartbeat';
import { rolloutForSplit, statsOf } from './rollout-step';
import { runTestEvaluation } from './test-evaluation';

const log = getLogger('baseline');

/**
 * The baseline (original-harness.md §3.2): generate the T0 config, start the train and test
 * gateways, run the train rollout, read train metrics from the gateway, run the held-out test
 * rollout (the baseline `initial` on the run's fixed task set), record iteration 0. Safe to redo: resources a previous attempt left on this worker
 * are stopped first and the config is regenerated.
 */
export async function runBaseline(input: BenchmarkRunInput, runs: RunRegistry): Promise<IterationSummary> {
  return withHeartbeat(async (report) => {
    await runs.get(input.runId)?.close();
    runs.delete(input.runId);

    report({ step: 'generating config' });
    const llmgymEnv = effectiveLlmgymEnv(input.env);
    const spec = await resolveEnvironment(llmgymEnv).describe(input.env.env_config);
    await generateT0Config({
      spec,
      initialModel: input.env.initial_model,
      functionDescription: input.env.function_description,
      outDir: configDir(input.workDir),
    });

    // A redone baseline starts from empty stores: rows of an interrupted attempt must not count.
    await removeStore(trainStoreFile(input.workDir));
    await removeStore(testStoreFile(input.workDir));

    report({ step: 'starting gateways' });
    const resources = await startRunResources(input, runs.recordGatewayDir, { freshDatabases: true });
    runs.set(input.runId, resources);
    const snapshotMode = input.mode === 'snapshot';
    await writeGatewayRuntimeJson(input, resources, { primary: !snapshotMode });

    const train = await rolloutForSplit(input, 'train', resources.trainClient, rolloutDir(input.workDir, 0, 'baseline', 'train'), report, 'baseline train');
    const trainMetrics = await resources.trainClient.trainMetrics(input.env.function_name, input.env.metric_name);
    const { rollout: test, paired } = await runTestEvaluation({ input, iteration: 0, phase: 'baseline', resources, trainMetrics, report, label: 'baseline test' });

    const record = buildIterationRecord({
      runId: input.runId,
      iteration: 0,
      phase: 'baseline',
      train: statsOf(train),
      test: statsOf(test),
      trainMetrics,
      testMetrics: test.variant_metrics,
      trainRolloutMetrics: train.variant_metrics,
      pairedEvaluation: paired,
    });
    await createRunRecorder(input.workDir).recordIteration(record);
    if (snapshotMode) await moveToSnapshotLayout(input.workDir);
    log.info({ runId: input.runId, train: statsOf(train), test: statsOf(test) }, 'baseline recorded');
    return {
      iteration: 0,
      phase: 'baseline',
      trainMetrics,
      trainRolloutMetrics: train.variant_metrics,
      testMetrics: test.variant_metrics,
      train: statsOf(train),
      test: statsOf(test),
    };
  });
}

/**
 * The `snapshot` command's rollouts sit in `rollouts/baseline/{train,test}` in the original
 * (§3.6, no `iteration_000` level); the rollout steps write `iteration_000/baseline`, moved here.
 */
async function moveToSnapshotLayout(workDir: string): Promise<void> {
  const from = path.dirname(rolloutDir(workDir, 0, 'baseline', 'train'));
  const to = path.join(rolloutsRoot(workDir), 'baseline');
  await fs.rm(to, { recursive: true, force: true });
  await fs.rename(from, to);
  await fs.rmdir(path.dirname(from)).catch(() => undefined);
}
