import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { createPinnedActivities, createSharedActivities } from '../../activities';
import { benchmarkRun } from '../../workflows';
import { progressQuery, type BenchmarkRunInput, type IterationSummary, type SessionSummary } from '../../workflows/shared';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The workflow's orchestration on a real dev server, with the activities replaced by
 * recording stand-ins: what is under test here is the order of steps, the pinning to the
 * claimed queue, and the failure path — not the steps themselves (test/integration covers those).
 */
type Activities = ReturnType<typeof createSharedActivities> & ReturnType<typeof createPinnedActivities>;

let server: DevServer;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;

beforeAll(async () => {
  server = await startDevServer();
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await server?.stop();
});

function input(iterations: number): BenchmarkRunInput {
  return {
    runId: 'run-1',
    configPath: '/configs/x.yaml',
    workDir: '/tmp/x',
    env: { name: 'ner_conllpp_v0', metric_name: 'exact_match', num_iterations: iterations } as BenchmarkRunInput['env'],
    infra: {} as BenchmarkRunInput['infra'],
    autopilotTarget: {} as BenchmarkRunInput['autopilotTarget'],
    interlocutor: {} as BenchmarkRunInput['interlocutor'],
    seed: 1,
    cwd: '/',
    snapshot: null,
  };
}

function summary(iteration: number, mean: number): IterationSummary {
  const metrics = { exact_match: { variants: { initial: { mean, std: 0, n: 10, ci_error: 0 } }, n: 10 } };
  const stats = { total: 10, succeeded: 10, failed: 0, error_counts: {} };
  return { iteration, phase: iteration === 0 ? 'baseline' : 'post_autopilot', trainMetrics: metrics, testMetrics: metrics, train: stats, test: stats };
}

const session: SessionSummary = { session_id: 's', final_status: 'idle', turns: 3, config_writes_count: 2, error: null, edits_applied: true };

function recordingActivities(queue: string, calls: string[], failAt?: string): Activities {
  const step = <T>(name: string, value: T) => async () => {
    calls.push(name);
    if (name === failAt) throw ApplicationFailure.nonRetryable(`${name} broke`, 'BadInput');
    return value;
  };
  return {
    claimWorker: async () => {
      calls.push('claimWorker');
      return queue;
    },
    prepareRun: step('prepareRun', undefined),
    runBaseline: step('runBaseline', summary(0, 0.3)),
    runAutopilotIteration: async (_input, iteration) => step(`runAutopilotIteration ${iteration}`, session)(),
    runEvaluation: async (_input, iteration) => step(`runEvaluation ${iteration}`, summary(iteration, 0.3 + 0.2 * iteration))(),
    finishRun: async (_input, status) => step(`finishRun ${status}`, 'SUMMARY')(),
    stopRun: step('stopRun', undefined),
  };
}

test('runs baseline, each iteration and the summary in order on the claimed queue', async () => {
  const taskQueue = `wf-ok-${Date.now()}`;
  const calls: string[] = [];
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: recordingActivities(taskQueue, calls) });
  const result = await worker.runUntil(
    env.client.workflow.execute(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(2)] }),
  );
  expect(calls).toEqual([
    'claimWorker',
    'prepareRun',
    'runBaseline',
    'runAutopilotIteration 1',
    'runEvaluation 1',
    'runAutopilotIteration 2',
    'runEvaluation 2',
    'finishRun completed',
    'stopRun',
  ]);
  expect(result.summary).toBe('SUMMARY');
  expect(result.iterations.map((it) => [it.iteration, it.testMean])).toEqual([
    [0, 0.3],
    [1, 0.5],
    [2, 0.7],
  ]);
});

test('a failing step marks the run failed, stops its resources and fails the workflow', async () => {
  const taskQueue = `wf-fail-${Date.now()}`;
  const calls: string[] = [];
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: recordingActivities(taskQueue, calls, 'runAutopilotIteration 1'),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(2)] });
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const progress = await handle.query(progressQuery);
    expect(progress.phase).toBe('failed');
    expect(progress.lastError).toContain('runAutopilotIteration 1 broke');
    expect(progress.latestMetrics).toEqual({ iteration: 0, train: 0.3, test: 0.3 });
  });
  expect(calls.slice(-3)).toEqual(['runAutopilotIteration 1', 'finishRun failed', 'stopRun']);
});
