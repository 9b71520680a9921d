import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/common';
import { activitySignal, withHeartbeat } from '../activities/heartbeat';
import { runRollout } from './run-rollout';
import type { RolloutOptions } from './types';
import { inProcessGateway } from '../test/fakes/in-process-gateway';
import { scriptedEnvironment } from '../test/fixtures/scripted-environment';

/**
 * The rollout inside a Temporal activity context (the SDK's MockActivityEnvironment, which
 * records heartbeats and can cancel): progress reaches the heartbeat details, and the
 * activity's cancellation stops the rollout. Environment and gateway are in-process stand-ins,
 * as in run-rollout.test.ts. A rollout does not resume from heartbeat details: a lost one is
 * redone whole from the last checkpoint, and its files are replaced (run-rollout.test.ts).
 */

let outputDir: string;
beforeEach(async () => {
  outputDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollout-heartbeat-'));
});
afterEach(async () => {
  await fs.rm(outputDir, { recursive: true, force: true });
});

function rolloutInActivity(activity: MockActivityEnvironment, overrides: Partial<RolloutOptions>) {
  const { definition } = scriptedEnvironment({ numTasks: null, horizon: 2 });
  return activity.run(() =>
    withHeartbeat((report) =>
      runRollout({
        gateway: inProcessGateway(),
        environment: definition,
        episodes: 3,
        concurrency: 2,
        taskSplit: 'train',
        episodeTimeoutMs: null,
        seed: 1,
        uniqueTasks: false,
        outputDir,
        signal: activitySignal(),
        onProgress: (p) => report({ step: 'train rollout', ...p }),
        ...overrides,
      }),
    ),
  );
}

test('each settled episode is heartbeated with the rollout counts', async () => {
  const activity = new MockActivityEnvironment();
  const heartbeats: unknown[] = [];
  activity.on('heartbeat', (details) => heartbeats.push(details));

  await rolloutInActivity(activity, {});

  expect(heartbeats[0]).toEqual({ step: 'train rollout', done: 0, total: 3, succeeded: 0, failed: 0 });
  expect(heartbeats.at(-1)).toEqual({ step: 'train rollout', done: 3, total: 3, succeeded: 3, failed: 0 });
  const done = heartbeats.map((h) => (h as { done: number }).done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(new Set(done)).toEqual(new Set([0, 1, 2, 3]));
});

test("the activity's cancellation stops the rollout without writing its files", async () => {
  const activity = new MockActivityEnvironment();
  const gateway = inProcessGateway((_request, call) => {
    if (call === 2) activity.cancel('CANCELLED');
  });

  await expect(rolloutInActivity(activity, { gateway, episodes: 4 })).rejects.toBeInstanceOf(CancelledFailure);

  expect(gateway.inferences).toHaveLength(2);
  expect(await fs.readdir(outputDir)).toEqual([]);
});
