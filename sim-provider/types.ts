import type { ChatCompletionRequest } from './openai-wire';

/**
 * Contracts of the simulated provider: the oracles environments register, the answer
 * descriptions they return, and the server handle.
 */

/** A deterministic pseudo-random source; oracles use it to make mistakes reproducibly. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  /** a uniformly chosen element; throws on an empty array */
  pick<T>(items: readonly T[]): T;
}

/**
 * One way to get an answer wrong. `apply` returns the degraded value, or null when the mistake
 * does not apply to this instance (e.g. "truncate a multi-word name" with no multi-word names).
 * Implementations must not mutate their input.
 */
export interface Mistake<T> {
  name: string;
  /** relative likelihood among the applicable mistakes */
  weight: number;
  apply(value: T, rng: Rng): T | null;
}

export interface ToolCallAnswer {
  name: string;
  arguments: Record<string, unknown>;
}

interface AnswerBase {
  /** 0 = trivial; about 1 for a typical instance; larger = harder. Scales the mistake rate. */
  difficulty: number;
}

/** A structured answer: the ideal object plus content mistakes (valid JSON, right shape) and schema mistakes (valid JSON, wrong shape). */
export interface JsonOracleAnswer extends AnswerBase {
  kind: 'json';
  ideal: Record<string, unknown>;
  /** the keys the output must contain; used to detect format instructions in the prompt */
  outputKeys: string[];
  mistakes: Mistake<Record<string, unknown>>[];
  schemaMistakes: Mistake<Record<string, unknown>>[];
}

export interface TextOracleAnswer extends AnswerBase {
  kind: 'text';
  ideal: string;
  mistakes: Mistake<string>[];
}

export interface ToolCallOracleAnswer extends AnswerBase {
  kind: 'tool_call';
  ideal: ToolCallAnswer;
  mistakes: Mistake<ToolCallAnswer>[];
}

export type OracleAnswer = JsonOracleAnswer | TextOracleAnswer | ToolCallOracleAnswer;

/** Task knowledge from one environment: recognises its own requests and describes the ideal answer. */
export interface Oracle {
  name: string;
  /** null = not a request of mine */
  answer(request: ChatCompletionRequest): OracleAnswer | null;
}

export interface SimProviderServerOptions {
  /** seeds every answer; the same seed, model and request give the same answer */
  seed: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (an OS-assigned free port) */
  port?: number;
  /** multiplies the tier's simulated latency; 0 = no delay; default 1 */
  latencyScale?: number;
}

export interface SimProviderServer {
  /** base URL ending in `/v1/`, e.g. `http://127.0.0.1:8089/v1/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
