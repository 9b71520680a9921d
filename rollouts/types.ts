import type { VariantMetrics } from '../results/stats';

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
