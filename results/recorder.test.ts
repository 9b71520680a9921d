import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildIterationRecord, SKIPPED_ROLLOUT } from './iteration-record';
import { createRunRecorder, RunNotStartedError } from './recorder';

const START = {
  id: '01950000-0000-7000-8000-000000000001',
  environment_name: 'ner_conllpp_v0',
  autopilot_target: 'builtin',
  autopilot_base_url: null,
  eval_config: { name: 'ner_conllpp_v0', episode_timeout: null },
  seed: 42,
};

function tempWorkDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'recorder-'));
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function clock(...isoTimes: string[]) {
  const times = isoTimes.map((t) => new Date(t));
  return () => times.shift() ?? new Date(0);
}

function record(iteration: number, testTotal: number) {
  return buildIterationRecord({
    runId: START.id,
    iteration,
    phase: iteration === 0 ? 'baseline' : 'post_autopilot',
    train: SKIPPED_ROLLOUT,
    test: { total: testTotal, succeeded: testTotal, failed: 0, error_counts: {} },
    trainMetrics: null,
    testMetrics: {},
  });
}

describe('run recorder', () => {
  it('startRun writes run.json with every field in the original order and an empty iterations.json', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir, { now: clock('2026-03-20T15:30:00.000Z') });
    await recorder.startRun(START);
    const text = readFileSync(path.join(workDir, 'results', 'run.json'), 'utf8');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'id',
      'environment_name',
      'autopilot_target',
      'autopilot_base_url',
      'gateway_version',
      'eval_config',
      'seed',
      'group_id',
      'group_label',
      'version_metadata',
      'status',
      'started_at',
      'finished_at',
    ]);
    expect(JSON.parse(text)).toEqual({
      ...START,
      autopilot_base_url: 'default',
      gateway_version: null,
      group_id: null,
      group_label: null,
      version_metadata: null,
      status: 'running',
      started_at: '2026-03-20T15:30:00.000000+00:00',
      finished_at: null,
    });
    expect(text).toContain('\n  "id": '); // 2-space indentation
    expect(readJson(path.join(workDir, 'results', 'iterations.json'))).toEqual([]);
  });

  it('records the configured autopilot base URL as is', async () => {
    const recorder = createRunRecorder(tempWorkDir());
    const run = await recorder.startRun({ ...START, autopilot_target: 'http', autopilot_base_url: 'http://127.0.0.1:4000' });
    expect(run.autopilot_base_url).toBe('http://127.0.0.1:4000');
  });

  it('appends iteration records and replaces one with the same iteration number', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir);
    await recorder.startRun(START);
    await recorder.recordIteration(record(0, 10));
    await recorder.recordIteration(record(1, 10));
    const retried = record(1, 20);
    await recorder.recordIteration(retried);
    const stored = readJson(path.join(workDir, 'results', 'iterations.json')) as { iteration_number: number; id: string; num_episodes: number }[];
    expect(stored.map((r) => [r.iteration_number, r.num_episodes])).toEqual([
      [0, 10],
      [1, 20],
    ]);
    expect(stored[1].id).toBe(retried.id);
    // no temp files left behind by the atomic writes
    expect(readdirSync(path.join(workDir, 'results')).sort()).toEqual(['iterations.json', 'run.json']);
  });

  it('a second recorder on the same work dir (another worker) sees and extends the same records', async () => {
    const workDir = tempWorkDir();
    await createRunRecorder(workDir).startRun(START);
    await createRunRecorder(workDir).recordIteration(record(0, 5));
    const other = createRunRecorder(workDir);
    await other.recordIteration(record(1, 5));
    expect((await other.readIterations()).map((r) => r.iteration_number)).toEqual([0, 1]);
  });

  it('a repeated startRun for the same run keeps its records and start time', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir, { now: clock('2026-03-20T15:30:00Z', '2026-03-20T16:00:00Z') });
    await recorder.startRun(START);
    await recorder.recordIteration(record(0, 5));
    const again = await recorder.startRun(START);
    expect(again.started_at).toBe('2026-03-20T15:30:00.000000+00:00');
    expect(await recorder.readIterations()).toHaveLength(1);
  });

  it('a startRun for a different run id starts afresh', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir);
    await recorder.startRun(START);
    await recorder.recordIteration(record(0, 5));
    await recorder.startRun({ ...START, id: '01950000-0000-7000-8000-000000000002' });
    expect(await recorder.readIterations()).toEqual([]);
  });

  it('finishRun sets the final status and finished_at', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir, { now: clock('2026-03-20T15:30:00Z', '2026-03-20T17:45:10.5Z') });
    await recorder.startRun(START);
    await recorder.finishRun('completed');
    expect(readJson(path.join(workDir, 'results', 'run.json'))).toMatchObject({
      status: 'completed',
      started_at: '2026-03-20T15:30:00.000000+00:00',
      finished_at: '2026-03-20T17:45:10.500000+00:00',
    });
    await recorder.finishRun('failed');
    expect((await recorder.readRun())?.status).toBe('failed');
  });

  it('settleRun records an end the run could not write itself, only while run.json says running', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir, { now: clock('2026-03-20T15:30:00Z') });
    await recorder.startRun(START);
    const settled = await recorder.settleRun('cancelled', new Date('2026-03-20T16:00:00Z'));
    expect(settled).toMatchObject({ status: 'cancelled', finished_at: '2026-03-20T16:00:00.000000+00:00' });
    expect(readJson(path.join(workDir, 'results', 'run.json'))).toMatchObject({ status: 'cancelled' });
    // a second sighting (another worker, another `status`) changes nothing
    expect(await recorder.settleRun('terminated', new Date('2026-03-20T17:00:00Z'))).toBeNull();
    expect((await recorder.readRun())?.status).toBe('cancelled');
  });

  it('settleRun leaves a run that recorded its own end, and a work dir without run.json', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir);
    expect(await recorder.settleRun('cancelled', new Date())).toBeNull();
    expect(existsSync(path.join(workDir, 'results', 'run.json'))).toBe(false);
    await recorder.startRun(START);
    await recorder.finishRun('failed');
    expect(await recorder.settleRun('terminated', new Date())).toBeNull();
    expect((await recorder.readRun())?.status).toBe('failed');
  });

  it('refuses to record or finish a run that was never started', async () => {
    const workDir = tempWorkDir();
    const recorder = createRunRecorder(workDir);
    await expect(recorder.finishRun('failed')).rejects.toThrow(RunNotStartedError);
    await expect(recorder.recordIteration(record(0, 1))).rejects.toThrow(/startRun must be called first/);
    expect(existsSync(path.join(workDir, 'results', 'iterations.json'))).toBe(false);
    expect(await recorder.readRun()).toBeNull();
  });
});
