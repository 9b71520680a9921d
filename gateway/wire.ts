/**
 * TensorZero HTTP wire types for the subset of the gateway API the harness uses
 * (reference/tensorzero.md §1.2–1.5). Shared by the HTTP client and the built-in gateway.
 */

export type InputContentBlock =
  | { type: 'text'; text: string }
  | { type: 'text'; arguments: Record<string, unknown> } // legacy spelling of a template block
  | { type: 'template'; name: string; arguments: Record<string, unknown> }
  | { type: 'raw_text'; value: string }
  | { type: 'tool_call'; id: string; name: string; arguments: string | Record<string, unknown> }
  | { type: 'tool_result'; id: string; name: string; result: string };

export interface InputMessage {
  role: 'user' | 'assistant';
  content: string | InputContentBlock[];
}

export interface InferenceInput {
  system?: string | Record<string, unknown>;
  messages?: InputMessage[];
}

export interface InferenceRequest {
  function_name?: string;
  model_name?: string;
  episode_id?: string;
  input: InferenceInput;
  stream?: boolean;
  params?: { chat_completion?: Record<string, unknown> };
  variant_name?: string;
  dryrun?: boolean;
  tags?: Record<string, string>;
  tool_choice?: unknown;
  allowed_tools?: string[];
  additional_tools?: unknown[];
  parallel_tool_calls?: boolean;
  output_schema?: Record<string, unknown>;
}

export type ResponseContentBlock =
  | { type: 'text'; text: string }
  | {
      type: 'tool_call';
      id: string;
      raw_name: string;
      raw_arguments: string;
      name: string | null;
      arguments: Record<string, unknown> | null;
    };

export interface Usage {
  input_tokens: number | null;
  output_tokens: number | null;
  cost?: number | null;
}

interface InferenceResponseBase {
  inference_id: string;
  episode_id: string;
  variant_name: string;
  usage: Usage;
  finish_reason?: 'stop' | 'stop_sequence' | 'length' | 'tool_call' | 'content_filter' | 'unknown';
}

export interface ChatInferenceResponse extends InferenceResponseBase {
  content: ResponseContentBlock[];
}

export interface JsonInferenceResponse extends InferenceResponseBase {
  output: { raw: string | null; parsed: Record<string, unknown> | null };
}

export type InferenceResponse = ChatInferenceResponse | JsonInferenceResponse;

export interface FeedbackRequest {
  metric_name: string;
  value: boolean | number | string | Record<string, unknown>;
  inference_id?: string;
  episode_id?: string;
  tags?: Record<string, string>;
  dryrun?: boolean;
}

export interface FeedbackResponse { feedback_id: string }

export type TimeWindow = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'cumulative';

export interface VariantPerformanceRow {
  period_start: string;
  variant_name: string;
  count: number;
  avg_metric: number;
  stdev?: number;
  ci_error?: number;
}

export interface VariantPerformancesResponse { performances: VariantPerformanceRow[] }

/**
 * Our read extension for the autopilot: `GET /internal/inferences?function_name=…&limit=…`
 * returns stored inferences with the feedback attached to them and to their episodes.
 */
export interface StoredInferenceWithFeedback {
  inference_id: string;
  episode_id: string;
  function_name: string;
  variant_name: string;
  input: InferenceInput;
  /** chat: content blocks; json: `{raw, parsed}` */
  output: ResponseContentBlock[] | { raw: string | null; parsed: Record<string, unknown> | null };
  created_at: string;
  processing_time_ms: number;
  usage: Usage;
  /** the provider's finish reason (built-in gateway only) */
  finish_reason?: string | null;
  /** the inference's tags, including the gateway's own (`tensorzero::variant_pinned`, `tensorzero::namespace`) */
  tags?: Record<string, string>;
  /** latest value per metric: inference-level feedback on this inference, episode-level on its episode */
  feedback: Record<string, boolean | number | string>;
}

export interface ListInferencesResponse { inferences: StoredInferenceWithFeedback[] }

/** `GET /internal/functions/{fn}/variant_sampling_probabilities` */
export interface VariantSamplingProbabilitiesResponse { probabilities: Record<string, number> }

/** One row of `GET /internal/variant_statistics` (usage and cost roll-up of a variant). */
export interface VariantStatisticsRow {
  function_name: string;
  variant_name: string;
  inference_count: number;
  total_input_tokens?: number;
  total_output_tokens?: number;
  total_cost?: number;
  /** how many of the inferences reported a cost */
  count_with_cost?: number;
  /** built-in gateway extension: mean `processing_time_ms` */
  avg_processing_time_ms?: number;
}

export interface VariantStatisticsResponse { data: VariantStatisticsRow[] }
