import { uuid7 } from '../common/uuid7';
import { getLogger } from '../common/logger';
import type { Environment, EnvironmentDefinition, FeedbackCollection, FeedbackValue } from '../environments/types';
import { t0FunctionName } from '../gateway/t0-names';
import type { FeedbackRequest, FeedbackResponse, InferenceRequest, InferenceResponse } from '../gateway/wire';
import { Semaphore } from '../scheduler/semaphore';
import { DEFAULT_INFERENCE_RETRY_POLICY, type RetryPolicy } from '../scheduler/retry-policy';
import { withRetries } from '../scheduler/with-retries';
import { variantMetrics } from '../results/stats';
import { observationToInput, responseToAction, summariseAction } from './agent';
import { planTasks } from './task-selection';
import { EpisodeTimer, secondsSince } from './timing';
import { writeEpisodeFiles } from './episode-files';
import type { EpisodeResult, RolloutProgress, RolloutResult } from './types';

const log = getLogger('rollouts');

/** The two gateway calls a rollout needs; any TensorZero-compatible gateway client fits. */
export interface RolloutGateway {
  inference(request: InferenceRequest): Promise<InferenceResponse>;
  feedback(request: FeedbackRequest): Promise<FeedbackResponse>;
}

export interface RolloutOptions {
  gateway: RolloutGateway;
  environment: EnvironmentDefinition;
  episodes: number;
  concurrency: number;
  taskSplit: string;
  envConfig?: Record<string, unknown>;
  /** per-episode wall-clock limit, counted from when the episode gets its slot; null = none */
  episodeTimeoutMs: number | null;
  seed: number | null;
  /** test rollouts: episode k runs task k-1, capped at the number of tasks */
  uniqueTasks: boolean;
  outputDir: string;
  /** the original always stores inferences and feedback (dryrun false) */
  dryrun?: boolean;
  retryPolicy?: RetryPolicy;
  signal?: AbortSignal;
  onProgress?: (progress: RolloutProgress) => void;
  /** tags stored with every inference (e.g. the split) */
  tags?: Record<string, string>;
}

class EpisodeTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Runs the episodes, writes the per-episode files and returns the summary with per-variant metrics. */
export async function runRollout(options: RolloutOptions): Promise<RolloutResult> {
  const probe = await options.environment.make({ taskSplit: options.taskSplit, config: options.envConfig, gateway: options.gateway });
  const numTasks = probe.numTasks;
  await probe.close();
  const plan = planTasks({ requested: options.episodes, numTasks, seed: options.seed, uniqueTasks: options.uniqueTasks });

  const semaphore = new Semaphore(Math.max(1, options.concurrency));
  const progress: RolloutProgress = { done: 0, total: plan.episodes, succeeded: 0, failed: 0 };
  options.onProgress?.({ ...progress });

  const episodeNums = Array.from({ length: plan.episodes }, (_, i) => i + 1);
  const results = await Promise.all(
    episodeNums.map(async (episodeNum) => {
      let result: EpisodeResult;
      try {
        result = await semaphore.run(() => runEpisodeWithTimeout(options, episodeNum, plan.taskIndex(episodeNum)));
      } catch (err) {
        // Only an abort escapes runEpisode; record it like the original records escaped exceptions (episode -1).
        result = failedResult(-1, null, err, new EpisodeTimer());
      }
      progress.done++;
      if (result.success) progress.succeeded++;
      else progress.failed++;
      options.onProgress?.({ ...progress });
      return result;
    }),
  );
  options.signal?.throwIfAborted();

  const summary = summarise(results);
  await writeEpisodeFiles(options.outputDir, results);
  warnOnAllZeroMetrics(summary);
  log.info(
    { total: summary.total, succeeded: summary.succeeded, failed: summary.failed, errors: summary.error_counts, outputDir: options.outputDir },
    `rollout finished: ${summary.succeeded}/${summary.total} episodes succeeded (${pct(summary.succeeded, summary.total)}), ${summary.failed} failed (${pct(summary.failed, summary.total)})`,
  );
  return { ...summary, episode_results: results };
}

function pct(n: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * n) / total).toFixed(1)}%`;
}

function summarise(results: EpisodeResult[]): Omit<RolloutResult, 'episode_results'> {
  const error_counts: Record<string, number> = {};
  for (const r of results) if (!r.success && r.error_type) error_counts[r.error_type] = (error_counts[r.error_type] ?? 0) + 1;
  const succeeded = results.filter((r) => r.success).length;
  return { total: results.length, succeeded, failed: results.length - succeeded, error_counts, variant_metrics: variantMetrics(results) };
}

function warnOnAllZeroMetrics(summary: Omit<RolloutResult, 'episode_results'>): void {
  if (summary.succeeded < 3) return;
  for (const [metric, stats] of Object.entries(summary.variant_metrics)) {
    const means = Object.values(stats.variants).map((v) => v.mean);
    if (means.length > 0 && means.every((m) => m === 0)) {
      log.warn({ metric }, `every value of metric "${metric}" is 0.0 across ${summary.succeeded} successful episodes — grading may be broken`);
    }
  }
}

async function runEpisodeWithTimeout(options: RolloutOptions, episodeNum: number, taskIdx: number | undefined): Promise<EpisodeResult> {
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = new EpisodeTimer();
  let timeoutHandle: NodeJS.Timeout | undefined;
  try {
    const episode = runEpisode(options, episodeNum, taskIdx, timer, controller.signal);
    const timeoutMs = options.episodeTimeoutMs;
    if (timeoutMs === null) return await episode;
    const timeout = new Promise<EpisodeResult>((resolve) => {
      timeoutHandle = setTimeout(() => {
        timer.markTimeout();
        const err = new EpisodeTimeoutError(timer.progressDescription(timeoutMs / 1000));
        controller.abort(err);
        resolve(failedResult(episodeNum, null, err, timer));
      }, timeoutMs);
    });
    return await Promise.race([episode, timeout]);
  } finally {
    clearTimeout(timeoutHandle);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function runEpisode(
  options: RolloutOptions,
  episodeNum: number,
  taskIdx: number | undefined,
  timer: EpisodeTimer,
  signal: AbortSignal,
): Promise<EpisodeResult> {
  const retryPolicy = options.retryPolicy ?? DEFAULT_INFERENCE_RETRY_POLICY;
  const feedback: Record<string, number[]> = {};
  let variant: string | null = null;
  const episodeId = uuid7();
  let env: Environment | undefined;
  try {
    // Inside the try: an environment that cannot be made fails this episode, under its own number.
    env = await options.environment.make({ taskSplit: options.taskSplit, config: options.envConfig, gateway: options.gateway, episodeId });
    timer.event('reset');
    let observation = (await env.reset(taskIdx)).observation;
    const inferenceIdByStep = new Map<number, string>();
    for (let step = 1; step <= env.spec.horizon; step++) {
      signal.throwIfAborted();
      timer.step = step;
      const actStart = performance.now();
      const request: InferenceRequest = {
        // the same name the generated config gives the function
        function_name: t0FunctionName(env.spec.name, observation.functionName),
        episode_id: episodeId,
        input: observationToInput(observation),
        dryrun: options.dryrun ?? false,
        ...(options.tags ? { tags: options.tags } : {}),
      };
      timer.event('inference');
      const inferenceStart = performance.now();
      const response = await withRetries(() => options.gateway.inference(request), {
        policy: retryPolicy,
        signal,
        onRetry: ({ attempt, delayMs, error }) => log.warn({ episodeNum, attempt, delayMs, error: String(error) }, 'transient inference failure, retrying'),
      });
      timer.addInference(secondsSince(inferenceStart));
      if (variant !== null && variant !== response.variant_name) {
        log.warn({ episodeNum, from: variant, to: response.variant_name }, 'variant changed within an episode');
      }
      variant = response.variant_name;
      inferenceIdByStep.set(step, response.inference_id);
      const action = responseToAction(response);
      timer.addAgentAct(secondsSince(actStart));

      timer.event('env_step');
      const stepStart = performance.now();
      const stepData = await env.step(action);
      timer.addEnvStep(secondsSince(stepStart), summariseAction(action));

      collectFeedback(stepData.feedback, feedback);
      if (!options.dryrun) await sendFeedback(options, stepData.feedback, episodeId, inferenceIdByStep, retryPolicy, signal);
      observation = stepData.observation;
      if (stepData.terminated || stepData.truncated) break;
    }
    timer.event('done');
    return {
      episode_num: episodeNum,
      success: true,
      variant_name: variant,
      feedback_values: feedback,
      error_type: null,
      error_message: null,
      stack_trace: null,
      timestamp: null,
      timing: timer.snapshot(),
    };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return failedResult(episodeNum, variant, err, timer, feedback);
  } finally {
    await env?.close().catch((err) => log.warn({ err: String(err), episodeNum }, 'environment close failed'));
  }
}

function numericValue(value: FeedbackValue): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

function collectFeedback(collection: FeedbackCollection, into: Record<string, number[]>): void {
  for (const item of [...collection.inference, ...collection.episode]) {
    const value = numericValue(item.value);
    if (value !== null) (into[item.name] ??= []).push(value);
  }
}

async function sendFeedback(
  options: RolloutOptions,
  collection: FeedbackCollection,
  episodeId: string,
  inferenceIdByStep: Map<number, string>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<void> {
  const requests: FeedbackRequest[] = [
    ...collection.inference.map((item) => {
      const inferenceId = inferenceIdByStep.get(item.step);
      if (!inferenceId) throw new Error(`feedback "${item.name}" names step ${item.step}, which made no inference`);
      return { metric_name: item.name, value: item.value, inference_id: inferenceId };
    }),
    ...collection.episode.map((item) => ({ metric_name: item.name, value: item.value, episode_id: episodeId })),
  ];
  await Promise.all(requests.map((request) => withRetries(() => options.gateway.feedback(request), { policy, signal })));
}

function failedResult(
  episodeNum: number,
  variant: string | null,
  err: unknown,
  timer: EpisodeTimer,
  feedback: Record<string, number[]> = {},
): EpisodeResult {
  const error = err instanceof Error ? err : new Error(String(err));
  return {
    episode_num: episodeNum,
    success: false,
    variant_name: variant,
    feedback_values: feedback,
    error_type: error.name === 'Error' ? error.constructor.name : error.name,
    error_message: error.message,
    stack_trace: error.stack ?? null,
    timestamp: new Date().toISOString(),
    timing: timer.snapshot(),
  };
}
