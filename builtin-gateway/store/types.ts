/**
 * The built-in gateway's observability store: inferences, feedback, the episode→variant
 * assignments of adaptive experiments and the deployment id. Every write completes before
 * the promise resolves, so a read issued after an HTTP 200 sees the row.
 */
import type { InferenceInput, ResponseContentBlock } from '../../gateway/wire';

export type FunctionType = 'chat' | 'json';

export type StoredOutput = ResponseContentBlock[] | { raw: string | null; parsed: unknown };

export interface StoredUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
}

export interface InferenceRecord {
  id: string;
  functionName: string;
  functionType: FunctionType;
  variantName: string;
  episodeId: string;
  input: InferenceInput;
  output: StoredOutput;
  usage: StoredUsage;
  finishReason: string | null;
  processingTimeMs: number;
  tags: Record<string, string>;
  /** ISO 8601; the time encoded in the UUIDv7 id */
  createdAt: string;
}

/** One provider call made while serving an inference. */
export interface ModelInferenceRecord {
  id: string;
  inferenceId: string;
  modelName: string;
  modelProviderName: string;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  responseTimeMs: number;
  finishReason: string | null;
  rawRequest: string;
  rawResponse: string;
  createdAt: string;
}

export type FeedbackKind = 'boolean' | 'float' | 'comment' | 'demonstration';
export type FeedbackTargetType = 'inference' | 'episode';

export interface FeedbackRecord {
  id: string;
  kind: FeedbackKind;
  metricName: string;
  targetId: string;
  targetType: FeedbackTargetType;
  value: boolean | number | string | unknown;
  tags: Record<string, string>;
  createdAt: string;
}

/** A stored feedback row with its insertion order (later rows have larger `seq`). */
export interface StoredFeedback extends FeedbackRecord {
  seq: number;
}

/**
 * One boolean/float feedback value joined to an inference of a function: inference-level
 * feedback joins on the inference id (one row per feedback), episode-level feedback joins
 * on the episode id (one row per feedback × inference of the function in that episode).
 */
export interface MetricSample {
  feedbackId: string;
  feedbackSeq: number;
  targetId: string;
  /** booleans as 0/1 */
  value: number;
  inferenceId: string;
  episodeId: string;
  variantName: string;
  inferenceCreatedAt: string;
}

export interface MetricSamplesQuery {
  functionName: string;
  metricName: string;
  level: FeedbackTargetType;
}

export interface ListInferencesQuery {
  functionName?: string;
  variantName?: string;
  /** ISO 8601 (as `toISOString()` writes it): only inferences with `createdAt >= after` */
  after?: string;
  /** ISO 8601 (as `toISOString()` writes it): only inferences with `createdAt < before` */
  before?: string;
  limit: number;
  offset: number;
}

export interface GatewayStore {
  /** stores an inference and the provider calls that produced it */
  insertInference(inference: InferenceRecord, modelInferences: ModelInferenceRecord[]): Promise<void>;
  getInference(id: string): Promise<InferenceRecord | undefined>;
  /** true when any inference belongs to this episode */
  hasEpisode(episodeId: string): Promise<boolean>;
  /** newest first; the time window is half-open, [after, before) */
  listInferences(query: ListInferencesQuery): Promise<InferenceRecord[]>;
  listModelInferences(inferenceId: string): Promise<ModelInferenceRecord[]>;
  insertFeedback(feedback: FeedbackRecord): Promise<void>;
  /** every feedback row whose target is one of `targetIds`, oldest first */
  feedbackForTargets(targetIds: string[]): Promise<StoredFeedback[]>;
  /** boolean/float feedback for `metricName` joined to the function's inferences (see `MetricSample`) */
  metricSamples(query: MetricSamplesQuery): Promise<MetricSample[]>;
  /** the variant an adaptive experiment assigned to this episode, if any */
  getEpisodeVariant(functionName: string, episodeId: string): Promise<string | undefined>;
  /** records the assignment unless one exists; returns the stored (first) assignment */
  assignEpisodeVariant(functionName: string, episodeId: string, variantName: string): Promise<string>;
  /** a stable id for this store, created on first use */
  getDeploymentId(): Promise<string>;
  close(): Promise<void>;
}
