/**
 * Shared by best-of-n and mixture-of-n: running the candidate variants side by side (within
 * the variant's timeout), showing their answers to the evaluator / fuser, and summing usage.
 */
import type { ProviderResponse } from '../../providers/types';
import type { VariantOutcome } from './run-variant';

export interface CandidateAnswer {
  variantName: string;
  outcome: VariantOutcome;
}

export interface CandidateResults {
  answers: CandidateAnswer[];
  failures: { variantName: string; error: Error }[];
}

/** Every candidate at once; a candidate that fails or is still running when `timeoutMs` ends is dropped. */
export async function runCandidates(
  candidates: string[],
  run: (variantName: string) => Promise<VariantOutcome>,
  timeoutMs: number | undefined,
): Promise<CandidateResults> {
  let timer: NodeJS.Timeout | undefined;
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not answer within the variant's timeout (${timeoutMs} ms)`)), timeoutMs);
        });
  try {
    const settled = await Promise.allSettled(candidates.map((name) => (deadline ? Promise.race([run(name), deadline]) : run(name))));
    const results: CandidateResults = { answers: [], failures: [] };
    settled.forEach((result, index) => {
      const variantName = candidates[index];
      if (result.status === 'fulfilled') results.answers.push({ variantName, outcome: result.value });
      else results.failures.push({ variantName, error: result.reason instanceof Error ? result.reason : new Error(String(result.reason)) });
    });
    return results;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * The common first step of best-of-n and mixture-of-n: the candidates' answers to judge or fuse,
 * or — when only one candidate answered — that answer as the variant's outcome (nothing to
 * compare). Throws when no candidate answered.
 */
export async function gatherCandidates(
  variant: { name: string; candidates: string[]; timeoutMs?: number },
  run: (variantName: string) => Promise<VariantOutcome>,
): Promise<{ answers: CandidateAnswer[]; outcomes: VariantOutcome[] } | { only: VariantOutcome }> {
  const { answers, failures } = await runCandidates(variant.candidates, run, variant.timeoutMs);
  if (answers.length === 0) throw allCandidatesFailed(variant.name, failures);
  if (answers.length === 1) return { only: answers[0].outcome };
  return { answers, outcomes: answers.map((a) => a.outcome) };
}

/** How an answer is shown to the evaluator or fuser: a json function's raw text, a chat function's content blocks as JSON. */
export function candidateText(outcome: VariantOutcome): string {
  if (outcome.output) return outcome.output.raw ?? '';
  return JSON.stringify(outcome.content ?? []);
}

/** `answer` with the calls (and summed usage) of every step that led to it. */
export function combineOutcomes(answer: VariantOutcome, all: VariantOutcome[]): VariantOutcome {
  const calls = all.flatMap((o) => o.calls);
  const sum = (pick: (r: ProviderResponse) => number | null | undefined): number | null => {
    const values = calls.map((c) => pick(c.response));
    return values.every((v) => v === null || v === undefined) ? null : values.reduce<number>((total, v) => total + (v ?? 0), 0);
  };
  const usage = { inputTokens: sum((r) => r.usage.inputTokens), outputTokens: sum((r) => r.usage.outputTokens), cost: sum((r) => r.usage.cost) };
  return { ...answer, response: { ...answer.response, usage }, calls };
}

/** Every candidate failed: one error naming each. */
function allCandidatesFailed(variantName: string, failures: CandidateResults['failures']): Error {
  const detail = failures.map((f) => `candidate '${f.variantName}': ${f.error.message}`).join('; ');
  return new CandidatesFailedError(variantName, failures.length === 0 ? `variant '${variantName}' has no candidates` : `every candidate of '${variantName}' failed: ${detail}`);
}

export class CandidatesFailedError extends Error {
  override name = 'CandidatesFailedError';
  constructor(
    readonly variantName: string,
    message: string,
  ) {
    super(message);
  }
}

/** A uniformly drawn answer, for when the evaluator or fuser fails (as TensorZero does). */
export function randomAnswer(answers: CandidateAnswer[], random: () => number = Math.random): CandidateAnswer {
  return answers[Math.min(answers.length - 1, Math.floor(random() * answers.length))];
}
