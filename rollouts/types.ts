import type { EnvironmentDefinition } from '../environments/types';
import type { FeedbackRequest, FeedbackResponse, InferenceRequest, InferenceResponse } from '../gateway/wire';
import type { VariantMetrics } from '../results/stats';
import type { RetryPolicy } from '../scheduler/retry-policy';
import type { TaskPlan } from './task-selection';

/**
 * A caller's own episode plan (the paired test evaluation): which task each episode runs and,
 * optionally, which variant serves it, pinned through the inference's `variant_name`.
 */
export interface EpisodePlan extends TaskPlan {
  /** the variant to pin for `functionName` in this episode; undefined lets the gateway sample */
  variantFor?(episodeNum: number, functionName: string): string | undefined;
}

/** The two gateway calls a rollout needs; any TensorZero-compatible gateway client fits. */
export interface RolloutGateway {
  inference(request: InferenceRequest): Promise<InferenceResponse>;
  feedback(request: FeedbackRequest): Promise<FeedbackResponse>;
}

/** The variant an episode pins for a function; undefined lets the gateway sample. */
export type VariantPin = (functionName: string) => string | undefined;

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
  /** replaces the seed/uniqueTasks plan: built from the split's task count (null: no task list) */
  planEpisodes?: (numTasks: number | null) => EpisodePlan;
  outputDir: string;
  /** the original always stores inferences and feedback (dryrun false) */
  dryrun?: boolean;
  retryPolicy?: RetryPolicy;
  /** the activity's cancellation: stops the rollout without writing its files */
  signal?: AbortSignal;
  /** called with the counts at the start and after every episode (the step heartbeats them) */
  onProgress?: (progress: RolloutProgress) => void;
  /** each episode's id (episode-ids.ts); default random UUIDv7s */
  episodeIds?: (episodeNum: number) => string;
  /** tags stored with every inference (e.g. the split) */
  tags?: Record<string, string>;
}

/** Per-episode timing breakdown, as the original's `episode_timings.jsonl` (original-harness.md §6.8). */
export interface EpisodeTiming {
  timeout: boolean;
  total_inference_seconds: number;
  total_agent_act_seconds: number;
  total_env_step_seconds: number;
  total_execute_command_seconds: number;
  total_submit_solution_seconds: number;
  total_other_env_step_seconds: number;
  slowest_inference_seconds: number;
  slowest_agent_act_seconds: number;
  slowest_env_step_seconds: number;
  last_action_kind: string | null;
  last_tool_name: string | null;
  last_tool_timeout: number | null;
  last_command_preview: string | null;
}

export interface EpisodeResult {
  episode_num: number;
  success: boolean;
  variant_name: string | null;
  /** every numeric/boolean feedback value, as floats, per feedback name */
  feedback_values: Record<string, number[]>;
  error_type: string | null;
  error_message: string | null;
  stack_trace: string | null;
  timestamp: string | null;
  timing: EpisodeTiming;
  /** tokens, cost and latencies of the episode's inferences (ours; not written to the original's files) */
  usage?: EpisodeUsage;
}

/** What an episode's inferences used, as the gateway reported it and the agent timed it. */
export interface EpisodeUsage {
  inferences: number;
  input_tokens: number;
  output_tokens: number;
  /** USD summed over inferences that reported a cost; null when none did (model without a price) */
  cost: number | null;
  /** wall-clock milliseconds of each inference call as the agent saw it (retries included) */
  inference_ms: number[];
  /** wall-clock milliseconds of the whole episode */
  episode_ms: number;
}

/** A rollout's summary, without per-episode results (what snapshots store). */
export interface RolloutStats {
  total: number;
  succeeded: number;
  failed: number;
  error_counts: Record<string, number>;
  variant_metrics: VariantMetrics;
}

export interface RolloutResult extends RolloutStats {
  episode_results: EpisodeResult[];
}

export interface RolloutProgress {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
}
