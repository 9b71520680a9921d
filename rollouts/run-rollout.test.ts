import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRollout } from './run-rollout';
import type { EpisodeResult, RolloutOptions, RolloutProgress } from './types';
import { inProcessGateway, type InProcessGateway } from '../test/fakes/in-process-gateway';
import { scriptedEnvironment, type ScriptedEnvironmentOptions } from '../test/fixtures/scripted-environment';

/**
 * The rollout loop's edge cases with real files in a temp dir. The environment and the gateway
 * are in-process stand-ins (test/fixtures/scripted-environment.ts, test/fakes/in-process-gateway.ts):
 * these cases need to fail, hold or cancel one chosen call, which a real gateway over HTTP
 * cannot be told to do; the HTTP path is covered by the environment e2e tests.
 */

let outputDir: string;
beforeEach(async () => {
  outputDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollout-'));
});
afterEach(async () => {
  await fs.rm(outputDir, { recursive: true, force: true });
});

const FAST_RETRIES = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

function setup(env: ScriptedEnvironmentOptions, gateway: InProcessGateway = inProcessGateway()) {
  const { definition, counts } = scriptedEnvironment(env);
  const progress: RolloutProgress[] = [];
  const options = (overrides: Partial<RolloutOptions>): RolloutOptions => ({
    gateway,
    environment: definition,
    episodes: 4,
    concurrency: 2,
    taskSplit: 'train',
    episodeTimeoutMs: null,
    seed: 7,
    uniqueTasks: true,
    outputDir,
    retryPolicy: FAST_RETRIES,
    onProgress: (p) => progress.push(p),
    ...overrides,
  });
  return { gateway, counts, progress, options };
}

async function readJsonLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await fs.readFile(path.join(outputDir, file), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line));
}

const taskOf = (request: { input: { messages?: { content: unknown }[] } }) => JSON.stringify(request.input.messages).match(/task (\d+)/)![1];

test('a partial last batch: 5 episodes at concurrency 2 all run, never more than 2 at once', async () => {
  const { counts, progress, options } = setup({ numTasks: null, horizon: 2 });
  const result = await runRollout(options({ episodes: 5, concurrency: 2 }));

  expect(result.episode_results.map((r) => r.episode_num).sort()).toEqual([1, 2, 3, 4, 5]);
  expect(result).toMatchObject({ total: 5, succeeded: 5, failed: 0, error_counts: {} });
  expect(counts.maxOpen).toBe(2);
  expect(counts).toMatchObject({ made: 5, closed: 5, open: 0 });
  // progress: the counts at the start, then one report per settled episode
  expect(progress[0]).toEqual({ done: 0, total: 5, succeeded: 0, failed: 0 });
  expect(progress.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(progress.at(-1)).toEqual({ done: 5, total: 5, succeeded: 5, failed: 0 });
  const timings = await readJsonLines('episode_timings.jsonl');
  expect(timings.map((t) => t.episode_num)).toEqual([1, 2, 3, 4, 5]);
  await expect(fs.access(path.join(outputDir, 'failed_episodes.jsonl'))).rejects.toThrow();
});

test('an episode whose environment fails is recorded under its own number, with the feedback it earned before failing', async () => {
  // unique tasks: episode k runs task k-1, so task 2 is episode 3
  const { gateway, counts, options } = setup({ numTasks: 4, horizon: 3, failingTasks: [2], failAtStep: 2 });
  const result = await runRollout(options({ episodes: 4 }));

  expect(result).toMatchObject({ total: 4, succeeded: 3, failed: 1, error_counts: { ScriptedStepError: 1 } });
  const failed = result.episode_results.find((r) => !r.success)!;
  expect(failed).toMatchObject({
    episode_num: 3,
    variant_name: 'initial',
    feedback_values: { correct: [1] },
    error_type: 'ScriptedStepError',
    error_message: 'task 2 breaks at step 2',
    timing: expect.objectContaining({ timeout: false }),
  });
  expect(failed.stack_trace).toContain('scripted-environment.ts'); // where the environment threw
  expect(new Date(failed.timestamp!).toISOString()).toBe(failed.timestamp);
  for (const ok of result.episode_results.filter((r) => r.success)) {
    expect(ok.feedback_values).toEqual({ correct: [1, 1, 1], score: [ok.episode_num - 1] });
    expect(ok.timestamp).toBeNull();
  }
  expect(counts.closed).toBe(counts.made); // the failing episode's environment is closed too

  // feedback reached the gateway for every step that completed, each naming its own inference
  const inferenceIds = new Set(Array.from({ length: gateway.inferences.length }, (_, i) => `inference-${i + 1}`));
  const perInference = gateway.feedbacks.filter((f) => f.metric_name === 'correct');
  expect(perInference).toHaveLength(3 * 3 + 1);
  expect(perInference.every((f) => inferenceIds.has(f.inference_id!))).toBe(true);
  expect(gateway.feedbacks.filter((f) => f.metric_name === 'score').every((f) => typeof f.episode_id === 'string')).toBe(true);

  const failedLines = await readJsonLines('failed_episodes.jsonl');
  // the original's file: the failed result without our usage figures
  const { usage, ...original } = failed;
  expect(usage).toMatchObject({ inferences: 2, input_tokens: 2, output_tokens: 2, cost: null });
  expect(failedLines).toEqual([JSON.parse(JSON.stringify(original))]);
  expect((await readJsonLines('episode_timings.jsonl')).map((t) => [t.episode_num, t.success, t.error_type])).toEqual([
    [1, true, null],
    [2, true, null],
    [3, false, 'ScriptedStepError'],
    [4, true, null],
  ]);
});

test('a transient inference failure is retried; a permanent one fails only its episode', async () => {
  let transientLeft = 1;
  const gateway = inProcessGateway((request) => {
    const task = taskOf(request);
    if (task === '0' && transientLeft-- > 0) throw Object.assign(new Error('gateway 503'), { transient: true });
    if (task === '1') throw Object.assign(new Error('gateway 400: bad input'), { transient: false });
  });
  const { options } = setup({ numTasks: 3, horizon: 1 }, gateway);
  const result = await runRollout(options({ episodes: 3 }));

  const byEpisode = new Map<number, EpisodeResult>(result.episode_results.map((r) => [r.episode_num, r]));
  expect(byEpisode.get(1)!.success).toBe(true);
  expect(gateway.inferences.filter((r) => taskOf(r) === '0')).toHaveLength(2); // the first attempt and one retry
  expect(byEpisode.get(2)).toMatchObject({ success: false, error_type: 'Error', error_message: 'gateway 400: bad input', variant_name: null });
  expect(gateway.inferences.filter((r) => taskOf(r) === '1')).toHaveLength(1);
  expect(byEpisode.get(3)!.success).toBe(true);
});

test('an environment that cannot be made fails its own episode, not the rollout', async () => {
  const { definition } = scriptedEnvironment({ numTasks: 2, horizon: 1 });
  let episodesMade = 0;
  const breaking = { ...definition, make: async (o: Parameters<typeof definition.make>[0]) => {
    if (o.episodeId !== undefined && ++episodesMade === 2) throw new RangeError('no such task file');
    return definition.make(o);
  } };
  const { options } = setup({ numTasks: 2, horizon: 1 });
  const result = await runRollout(options({ environment: breaking, episodes: 2, concurrency: 1 }));

  expect(result.episode_results.map((r) => [r.episode_num, r.success, r.error_type])).toEqual([
    [1, true, null],
    [2, false, 'RangeError'],
  ]);
});

test('an episode past its time limit is recorded as timed out without waiting for its hung call', async () => {
  let release!: () => void;
  const hung = new Promise<void>((resolve) => (release = resolve));
  const gateway = inProcessGateway((request) => (taskOf(request) === '1' ? hung : undefined));
  const { options } = setup({ numTasks: 3, horizon: 1 }, gateway);
  try {
    const result = await runRollout(options({ episodes: 3, episodeTimeoutMs: 50 }));
    const timedOut = result.episode_results.find((r) => r.episode_num === 2)!;
    expect(timedOut).toMatchObject({ success: false, error_type: 'TimeoutError', variant_name: null, timing: expect.objectContaining({ timeout: true }) });
    expect(timedOut.error_message).toMatch(/^episode timed out after 0.05s at step 1 \(0 inferences; last event inference/);
    expect(result.succeeded).toBe(2);
    expect(result.error_counts).toEqual({ TimeoutError: 1 });
  } finally {
    release();
  }
});

test('cancellation mid-rollout: no new step or episode starts, the rollout rejects and writes no files', async () => {
  const controller = new AbortController();
  const cancelled = new Error('activity cancelled');
  // 3 steps per episode at concurrency 2: calls 1-6 finish episodes 1 and 2; call 7 is episode 3 or 4
  const gateway = inProcessGateway((_request, call) => {
    if (call === 7) controller.abort(cancelled);
  });
  const { counts, progress, options } = setup({ numTasks: null, horizon: 3 }, gateway);

  await expect(runRollout(options({ episodes: 6, concurrency: 2, signal: controller.signal }))).rejects.toBe(cancelled);

  expect(gateway.inferences).toHaveLength(7); // nothing asked of the gateway after the abort
  expect(counts).toMatchObject({ made: 4, closed: 4, open: 0 }); // episodes 5 and 6 never started
  // what finished before the abort was reported; every episode still settles once
  expect(progress.at(-1)).toEqual({ done: 6, total: 6, succeeded: 2, failed: 4 });
  expect(await fs.readdir(outputDir)).toEqual([]);
});

test('a rollout redone into the same directory replaces its files instead of appending', async () => {
  const { options } = setup({ numTasks: 3, horizon: 1, failingTasks: [0] });
  await runRollout(options({ episodes: 3 }));
  await runRollout(options({ episodes: 3 }));

  expect((await readJsonLines('episode_timings.jsonl')).map((t) => t.episode_num)).toEqual([1, 2, 3]);
  expect((await readJsonLines('failed_episodes.jsonl')).map((t) => t.episode_num)).toEqual([1]);
  expect((await fs.readdir(outputDir)).sort()).toEqual(['episode_timings.jsonl', 'failed_episodes.jsonl']);
});

test("a caller's episode plan chooses each episode's task and pins the variant it names", async () => {
  const { gateway, options } = setup({ numTasks: 10, horizon: 1 });
  const seen: (number | null)[] = [];
  const result = await runRollout(
    options({
      planEpisodes: (numTasks) => {
        seen.push(numTasks);
        return {
          episodes: 3,
          taskIndex: (k) => [7, 2, 5][k - 1],
          variantFor: (k, functionName) => (functionName.endsWith('::act') ? `pinned_${k}` : undefined),
        };
      },
    }),
  );
  expect(seen).toEqual([10]);
  expect(result.total).toBe(3);
  const byTask = Object.fromEntries(gateway.inferences.map((r) => [taskOf(r), r.variant_name]));
  expect(byTask).toEqual({ '7': 'pinned_1', '2': 'pinned_2', '5': 'pinned_3' });
  for (const episode of result.episode_results) expect(episode.usage).toMatchObject({ inferences: 1, input_tokens: 1, output_tokens: 1, cost: null });
});
