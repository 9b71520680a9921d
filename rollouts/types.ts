import type { EnvironmentDefinition } from '../environments/types';
import type { FeedbackRequest, FeedbackResponse, InferenceRequest, InferenceResponse } from '../gateway/wire';
import type { VariantMetrics } from '../results/stats';
import type { RetryPolicy } from '../scheduler/retry-policy';

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
  /** the activity's cancellation: stops the rollout without writing its files */
  signal?: AbortSignal;
  /** called with the counts at the start and after every episode (the step heartbeats them) */
  onProgress?: (progress: RolloutProgress) => void;
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
