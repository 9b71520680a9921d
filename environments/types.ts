/**
 * The environment contract: llmgym-shaped (functions, metrics, tools, multi-step episodes,
 * inference- and episode-level feedback, splits and task indices), so native environments and
 * the Python bridge look the same to the rollout runner. Blocks carry a `type` tag that we
 * control (reference/llmgym-envs.md §4.3).
 */

import type { InferenceRequest, InferenceResponse } from '../gateway/wire';

export type JsonSchema = Record<string, unknown>;

export interface FunctionSpec {
  type: 'chat' | 'json';
  systemSchema?: JsonSchema | null;
  userSchema?: JsonSchema | null;
  assistantSchema?: JsonSchema | null;
  /** json functions only */
  outputSchema?: JsonSchema | null;
  exampleSystemTemplate?: string | null;
  exampleUserTemplate?: string | null;
  exampleAssistantTemplate?: string | null;
  /** chat functions only: names of tools in `EnvironmentSpec.tools` */
  toolsAvailable?: string[];
  toolChoice?: 'auto' | 'required' | 'none';
  parallelTools?: boolean;
}

export interface MetricSpec {
  type: 'boolean' | 'float';
  optimize: 'min' | 'max';
  level: 'inference' | 'episode';
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface EnvironmentSpec {
  /** llmgym environment name, e.g. `ner_conllpp_v0` */
  name: string;
  /** keyed by the llmgym function name (e.g. `extract_entities`) */
  functions: Record<string, FunctionSpec>;
  /**
   * Helper functions the environment itself calls through the gateway (not the agent's), e.g. 21
   * Questions' answerer; generated into the T0 config with their own model.
   */
  auxiliaryFunctions?: Record<string, FunctionSpec & { model: string }>;
  metrics: Record<string, MetricSpec>;
  tools: Record<string, ToolSpec>;
  horizon: number;
}

// ---- content blocks -------------------------------------------------------------------------

/** Text produced by the agent (chat functions). */
export interface TextBlock { type: 'text'; content: string }
/** A tool call produced by the agent. */
export interface ToolCallBlock { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
/** A tool's output sent back to the agent; `id` echoes the call. */
export interface ToolResultBlock { type: 'tool_result'; id: string; name: string; result: string }
/** Env → agent text, or template arguments (an object matching the role's schema). */
export interface TextResultBlock { type: 'text_result'; value: string | Record<string, unknown> }
/** Agent output for json functions; `content` is null when the model's output did not parse or failed the output schema. */
export interface JsonOutputBlock { type: 'json'; content: Record<string, unknown> | null }

export type AgentBlock = TextBlock | ToolCallBlock;
export type InputBlock = TextResultBlock | ToolResultBlock | ToolCallBlock;
/** What the agent returns: content blocks (chat) or one json block (json functions). */
export type Action = AgentBlock[] | JsonOutputBlock;

export type Message =
  | { role: 'user'; content: InputBlock[] }
  | { role: 'assistant'; content: Action };

export interface Observation {
  /** the llmgym function the agent must run now */
  functionName: string;
  system: InputBlock[] | null;
  /** the full history for that function */
  messages: Message[];
}

export type FeedbackValue = number | boolean | string;

export interface FeedbackCollection {
  inference: { name: string; step: number; value: FeedbackValue }[];
  episode: { name: string; value: FeedbackValue }[];
}

export interface ResetData { observation: Observation; info: Record<string, unknown> }

export interface StepData {
  observation: Observation;
  /** feedback produced by this step only */
  feedback: FeedbackCollection;
  terminated: boolean;
  truncated: boolean;
  info: Record<string, unknown>;
}

/** One episode's environment instance. */
export interface Environment {
  readonly spec: EnvironmentSpec;
  /** tasks in the selected split, or null for generative environments */
  readonly numTasks: number | null;
  /** starts an episode; `taskIdx` picks the task, random when omitted */
  reset(taskIdx?: number): Promise<ResetData>;
  step(action: Action): Promise<StepData>;
  close(): Promise<void>;
}

/**
 * The run's gateway, for environments that call helper LLM functions of their own (21 Questions'
 * secret generator and answerer): those calls go through the gateway as functions of their own,
 * so they are observable but never part of the measured function's metrics.
 */
export interface EnvironmentGateway {
  inference(request: InferenceRequest): Promise<InferenceResponse>;
}

export interface EnvironmentOptions {
  /** dataset split, e.g. `train` / `test` (ignored by environments without splits) */
  taskSplit?: string;
  /** the config's `env_config` mapping */
  config?: Record<string, unknown>;
  /** the gateway the episode runs against (absent when describing or probing) */
  gateway?: EnvironmentGateway;
  /** the episode id the agent uses; helper calls may share it */
  episodeId?: string;
}

/** Creates environment instances of one kind; registered by name. */
export interface EnvironmentDefinition {
  name: string;
  /**
   * Checks, before any work starts, that what the environment needs is there (a Python package,
   * an API key); throws an error that names what is missing and how to install or set it.
   */
  preflight?(config: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<void>;
  /** The static description (functions, metrics, tools), without instantiating data. */
  describe(config?: Record<string, unknown>): Promise<EnvironmentSpec>;
  make(options: EnvironmentOptions): Promise<Environment>;
}
