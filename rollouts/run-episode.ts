import { uuid7 } from '../common/uuid7';
import { getLogger } from '../common/logger';
import type { Environment, Observation } from '../environments/types';
import { t0FunctionName } from '../gateway/t0-names';
import type { InferenceRequest, InferenceResponse } from '../gateway/wire';
import { DEFAULT_INFERENCE_RETRY_POLICY, type RetryPolicy } from '../scheduler/retry-policy';
import { withRetries } from '../scheduler/with-retries';
import { observationToInput, responseToAction, summariseAction } from './agent';
import { collectFeedback, sendFeedback } from './episode-feedback';
import { failedResult, succeededResult } from './episode-result';
import { secondsSince, type EpisodeTimer } from './timing';
import { EpisodeUsageCounter } from './episode-usage';
import type { EpisodeResult, RolloutOptions, VariantPin } from './types';

const log = getLogger('rollouts');

/**
 * One episode: reset the environment on its task, then ask the gateway for an action and step
 * the environment until it terminates, truncates or reaches its horizon, sending each step's
 * feedback. Any failure becomes a failed result under the episode's number, except when the
 * rollout itself is cancelled: then the abort propagates.
 */
export async function runEpisode(
  options: RolloutOptions,
  episodeNum: number,
  taskIdx: number | undefined,
  timer: EpisodeTimer,
  signal: AbortSignal,
  pin?: VariantPin,
): Promise<EpisodeResult> {
  const usage = new EpisodeUsageCounter();
  const retryPolicy = options.retryPolicy ?? DEFAULT_INFERENCE_RETRY_POLICY;
  const feedback: Record<string, number[]> = {};
  let variant: string | null = null;
  const episodeId = options.episodeIds ? options.episodeIds(episodeNum) : uuid7();
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
      const response = await infer(options, env, observation, { episodeId, episodeNum, pin, usage }, timer, retryPolicy, signal);
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
      if (!options.dryrun) await sendFeedback(options.gateway, stepData.feedback, episodeId, inferenceIdByStep, retryPolicy, signal);
      observation = stepData.observation;
      if (stepData.terminated || stepData.truncated) break;
    }
    timer.event('done');
    return { ...succeededResult(episodeNum, variant, feedback, timer), usage: usage.snapshot() };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return { ...failedResult(episodeNum, variant, err, timer, feedback), usage: usage.snapshot() };
  } finally {
    await env?.close().catch((err) => log.warn({ err: String(err), episodeNum }, 'environment close failed'));
  }
}

/** The episode an inference belongs to: its ids, its variant pin and its usage counter. */
interface InferenceContext {
  episodeId: string;
  episodeNum: number;
  pin: VariantPin | undefined;
  usage: EpisodeUsageCounter;
}

/**
 * The agent's call: the observation as the T0 function's input, retried on transient failures;
 * a pinned episode names its variant, so the gateway's experimentation is bypassed.
 */
async function infer(
  options: RolloutOptions,
  env: Environment,
  observation: Observation,
  { episodeId, episodeNum, pin, usage }: InferenceContext,
  timer: EpisodeTimer,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<InferenceResponse> {
  // the same name the generated config gives the function
  const functionName = t0FunctionName(env.spec.name, observation.functionName);
  const pinned = pin?.(functionName);
  const request: InferenceRequest = {
    function_name: functionName,
    ...(pinned !== undefined ? { variant_name: pinned } : {}),
    episode_id: episodeId,
    input: observationToInput(observation),
    dryrun: options.dryrun ?? false,
    ...(options.tags ? { tags: options.tags } : {}),
  };
  timer.event('inference');
  const inferenceStart = performance.now();
  const response = await withRetries(() => options.gateway.inference(request), {
    policy,
    signal,
    onRetry: ({ attempt, delayMs, error }) => log.warn({ episodeNum, attempt, delayMs, error: String(error) }, 'transient inference failure, retrying'),
  });
  const seconds = secondsSince(inferenceStart);
  timer.addInference(seconds);
  usage.add(response.usage, seconds * 1000);
  return response;
}
