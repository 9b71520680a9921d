import type { ChatCompletionRequest } from './chat-request';

/**
 * The contract between task knowledge (an environment's oracle) and a simulated model: the
 * oracle recognises its own requests and describes the ideal answer and the ways to get it
 * wrong; the simulated model decides how often, from the model tier and what the prompt is worth.
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
  /**
   * What earlier user/assistant turns are: `examples` (default) = demonstrations to learn from,
   * judged like any worked example; `episode` = this episode's own earlier moves, never examples.
   */
  conversation?: 'examples' | 'episode';
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

/** A worked example found in a request: the text shown as its input and the output it demonstrates. */
export interface WorkedExample {
  input: string;
  /** the demonstrated output, parsed when it is a JSON object */
  output: Record<string, unknown> | string;
}

/** An oracle's verdict on one worked example of its task. */
export interface ExampleVerdict {
  /** identifies the task instance (e.g. the sentence), so repeats of one example count once */
  instance: string;
  correct: boolean;
  /** names of this oracle's mistakes the example demonstrates (a wrong example teaches them) */
  demonstrates: string[];
}

/** Task knowledge from one environment: recognises its own requests and describes the ideal answer. */
export interface Oracle {
  name: string;
  /** null = not a request of mine */
  answer(request: ChatCompletionRequest): OracleAnswer | null;
  /**
   * Checks a worked example against this oracle's own answer for the example's input; null when
   * the example is not an instance of this task (an irrelevant example).
   */
  judgeExample?(example: WorkedExample, request: ChatCompletionRequest): ExampleVerdict | null;
}
