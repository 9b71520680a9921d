import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { createPinnedActivities, createSharedActivities } from '../../activities';
import { benchmarkRun } from '../../workflows';
import { AWAITING_DECISION_MEMO, BenchStatus, decideSignal, decideUpdate, progressQuery, type BenchmarkRunInput, type IterationSummary, type SessionSummary } from '../../workflows/shared';
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
  return { iteration, phase: iteration === 0 ? 'baseline' : 'post_autopilot', trainMetrics: metrics, trainRolloutMetrics: metrics, testMetrics: metrics, train: stats, test: stats };
}

const session: SessionSummary = { session_id: 's', final_status: 'idle', turns: 3, config_writes_count: 2, error: null, edits_applied: true, fault: null, edits: { applied: [], rejected: [] } };

const checkpointRef = (iteration: number) => ({ dir: `/ckpt/iteration_${iteration}`, iteration, createdAt: 'now' });

/** Stand-in activities that record each call; `fail` decides per call whether (and how) to throw. */
function recordingActivities(queue: string, calls: string[], fail: (call: string) => Error | undefined = () => undefined): Activities {
  const step = <T>(name: string, value: T) => async () => {
    calls.push(name);
    const err = fail(name);
    if (err) throw err;
    return value;
  };
  return {
    claimWorker: async () => {
      calls.push('claimWorker');
      return queue;
    },
    prepareRun: step('prepareRun', undefined),
    restoreRun: async (_input, checkpoint) => step(`restoreRun ${checkpoint ? checkpoint.iteration : 'none'}`, undefined)(),
    runBaseline: step('runBaseline', summary(0, 0.3)),
    restoreFromSnapshot: step('restoreFromSnapshot', summary(0, 0.3)),
    writeCheckpoint: async (_input, s) => step(`writeCheckpoint ${s.iteration}`, checkpointRef(s.iteration))(),
    exportSnapshot: step('exportSnapshot', '/snapshots/x'),
    runAutopilotIteration: async (_input, iteration, interrupted) =>
      step(`runAutopilotIteration ${iteration}${interrupted ? ' (redo)' : ''}`, session)(),
    runEvaluation: async (_input, iteration) => step(`runEvaluation ${iteration}`, summary(iteration, 0.3 + 0.2 * iteration))(),
    finishRun: async (_input, status) => step(`finishRun ${status}`, 'SUMMARY')(),
    stopRun: step('stopRun', undefined),
  };
}

const brokenOnce = (target: string, type = 'BadInput') => {
  let failed = false;
  return (call: string) => {
    if (call !== target || failed) return undefined;
    failed = true;
    return ApplicationFailure.nonRetryable(`${target} broke`, type);
  };
};

/** The validator's message of a rejected update (the client wraps it as the cause). */
async function updateRejection(update: Promise<unknown>): Promise<string> {
  try {
    await update;
    return 'accepted';
  } catch (err) {
    return String((err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message);
  }
}

async function waitForPhase(handle: { query: (q: typeof progressQuery) => Promise<{ phase: string }> }, phase: string) {
  for (let i = 0; i < 200; i++) {
    if ((await handle.query(progressQuery)).phase === phase) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never reached phase ${phase}`);
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
    'restoreRun none',
    'prepareRun',
    'runBaseline',
    'writeCheckpoint 0',
    'runAutopilotIteration 1',
    'runEvaluation 1',
    'writeCheckpoint 1',
    'runAutopilotIteration 2',
    'runEvaluation 2',
    'writeCheckpoint 2',
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

async function runWithDecision(taskQueue: string, calls: string[], fail: (call: string) => Error | undefined, decide: string | null, decisionTimeoutSeconds = 60) {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: recordingActivities(taskQueue, calls, fail) });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [{ ...input(2), decisionTimeoutSeconds }] });
    if (decide === null) return { handle, outcome: await handle.result().then(() => 'completed', (e) => e) };
    await waitForPhase(handle, 'awaiting-decision');
    const progress = await handle.query(progressQuery);
    expect(progress.awaitingDecision).toMatchObject({ iteration: 1, error: 'runEvaluation 1 broke' });
    expect(await updateRejection(handle.executeUpdate(decideUpdate, { args: ['retry-later' as never] }))).toMatch(/unknown decision/);
    await handle.executeUpdate(decideUpdate, { args: [decide as never] });
    return { handle, outcome: await handle.result().then((r) => r, (e) => e) };
  });
}

test('retry: a failed iteration goes back to the last checkpoint and runs again', async () => {
  const calls: string[] = [];
  const { outcome } = await runWithDecision(`wf-retry-${Date.now()}`, calls, brokenOnce('runEvaluation 1'), 'retry');
  expect(outcome.summary).toBe('SUMMARY');
  expect(calls.slice(5, 12)).toEqual([
    'runAutopilotIteration 1',
    'runEvaluation 1',
    'restoreRun 0',
    'runAutopilotIteration 1',
    'runEvaluation 1',
    'writeCheckpoint 1',
    'runAutopilotIteration 2',
  ]);
  expect(outcome.skippedIterations).toEqual([]);
});

test('skip: the failed iteration is left out and the run continues from the last checkpoint', async () => {
  const calls: string[] = [];
  const { outcome } = await runWithDecision(`wf-skip-${Date.now()}`, calls, brokenOnce('runEvaluation 1'), 'skip');
  expect(outcome.skippedIterations).toEqual([1]);
  expect(outcome.iterations.map((it: { iteration: number }) => it.iteration)).toEqual([0, 2]);
  expect(calls.slice(5, 9)).toEqual(['runAutopilotIteration 1', 'runEvaluation 1', 'restoreRun 0', 'runAutopilotIteration 2']);
});

test('abort: the run is marked failed, its resources stopped, and the workflow fails', async () => {
  const calls: string[] = [];
  const { handle, outcome } = await runWithDecision(`wf-abort-${Date.now()}`, calls, brokenOnce('runEvaluation 1'), 'abort');
  expect(outcome).toBeInstanceOf(WorkflowFailedError);
  expect(String(outcome.cause?.message)).toContain('aborted by an operator');
  expect((await handle.describe()).typedSearchAttributes.get(BenchStatus)).toBe('aborted');
  expect(calls.slice(-3)).toEqual(['runEvaluation 1', 'finishRun failed', 'stopRun']);
});

test('no decision before the deadline fails the run with the original error', async () => {
  const calls: string[] = [];
  const { outcome } = await runWithDecision(`wf-timeout-${Date.now()}`, calls, brokenOnce('runEvaluation 1'), null, 1);
  expect(outcome).toBeInstanceOf(WorkflowFailedError);
  expect(calls.slice(-2)).toEqual(['finishRun failed', 'stopRun']);
});

/** A worker whose baseline waits until `release()`: the run sits in phase baseline meanwhile. */
async function workerWithGatedBaseline(taskQueue: string, fail?: (call: string) => Error | undefined) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const activities = recordingActivities(taskQueue, [], fail);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: { ...activities, runBaseline: async (i: BenchmarkRunInput) => (await gate, activities.runBaseline(i)) },
  });
  return { worker, release };
}

test('a decision is rejected when nothing waits for one', async () => {
  const taskQueue = `wf-nodecision-${Date.now()}`;
  const { worker, release } = await workerWithGatedBaseline(taskQueue);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(1)] });
    await waitForPhase(handle, 'baseline');
    const rejection = await updateRejection(handle.executeUpdate(decideUpdate, { args: ['retry'] }));
    release();
    expect(rejection).toMatch(/no failed iteration is waiting/);
    await handle.result();
  });
});

test('a cancelled run is recorded as cancelled and its resources are stopped', async () => {
  const calls: string[] = [];
  const taskQueue = `wf-cancel-${Date.now()}`;
  const activities = recordingActivities(taskQueue, calls);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: {
      ...activities,
      // a long step that notices cancellation through its heartbeats, as the real steps do
      runAutopilotIteration: async () => {
        calls.push('runAutopilotIteration 1');
        const { Context } = await import('@temporalio/activity');
        for (;;) {
          Context.current().heartbeat();
          await Context.current().sleep(100);
        }
      },
    },
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(1)] });
    await waitForPhase(handle, 'autopilot');
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).typedSearchAttributes.get(BenchStatus)).toBe('cancelled');
  });
  expect(calls.slice(-2)).toEqual(['finishRun cancelled', 'stopRun']);
});

test('a decision sent twice is accepted once', async () => {
  const calls: string[] = [];
  const taskQueue = `wf-twice-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: recordingActivities(taskQueue, calls, brokenOnce('runEvaluation 1')) });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(1)] });
    await waitForPhase(handle, 'awaiting-decision');
    const [first, second] = await Promise.all([
      updateRejection(handle.executeUpdate(decideUpdate, { args: ['retry'] })),
      updateRejection(handle.executeUpdate(decideUpdate, { args: ['abort'] })),
    ]);
    expect([first, second].filter((r) => r.includes('accepted'))).toHaveLength(1);
    expect([first, second].filter((r) => /no failed iteration is waiting/.test(r))).toHaveLength(1);
    await handle.result().catch(() => undefined);
  });
});

test('a worker that no longer holds the run: the run moves, the checkpoint is restored, the unit is redone', async () => {
  const calls: string[] = [];
  const taskQueue = `wf-lost-${Date.now()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: recordingActivities(taskQueue, calls, brokenOnce('runEvaluation 1', 'RunStateLost')),
  });
  const result = await worker.runUntil(env.client.workflow.execute(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [input(1)] }));
  expect(result.recoveries).toBe(1);
  expect(calls.slice(5, 13)).toEqual([
    'runAutopilotIteration 1',
    'runEvaluation 1',
    'stopRun', // the previous worker is asked to stop the run's gateways, in case it is alive after all
    'claimWorker',
    'restoreRun 0',
    'runAutopilotIteration 1 (redo)',
    'runEvaluation 1',
    'writeCheckpoint 1',
  ]);
});

test('the wait is in the memo, and a decision sent as a signal (no worker to answer an update) is taken', async () => {
  const calls: string[] = [];
  const taskQueue = `wf-signal-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: recordingActivities(taskQueue, calls, brokenOnce('runEvaluation 1')) });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [{ ...input(2), decisionTimeoutSeconds: 60 }] });
    await waitForPhase(handle, 'awaiting-decision');
    const waiting = (await handle.describe()).memo?.[AWAITING_DECISION_MEMO];
    expect(waiting).toMatchObject({ iteration: 1, step: 'evaluation', error: 'runEvaluation 1 broke' });
    await handle.signal(decideSignal, 'skip');
    const result = await handle.result();
    expect(result.skippedIterations).toEqual([1]);
    expect((await handle.describe()).memo?.[AWAITING_DECISION_MEMO]).toBeUndefined();
  });
});

test('a decision signal that arrives while nothing waits is dropped, never kept for a later failure', async () => {
  const taskQueue = `wf-stale-signal-${Date.now()}`;
  const { worker, release } = await workerWithGatedBaseline(taskQueue, brokenOnce('runEvaluation 1'));
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(benchmarkRun, { taskQueue, workflowId: taskQueue, args: [{ ...input(1), decisionTimeoutSeconds: 60 }] });
    await waitForPhase(handle, 'baseline');
    await handle.signal(decideSignal, 'abort');
    release();
    // the later failure still waits: the early abort was not kept for it
    await waitForPhase(handle, 'awaiting-decision');
    await handle.executeUpdate(decideUpdate, { args: ['retry'] });
    expect((await handle.result()).iterations.map((it) => it.iteration)).toEqual([0, 1]);
  });
});
