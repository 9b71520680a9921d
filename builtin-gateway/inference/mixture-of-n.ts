/**
 * `experimental_mixture_of_n` (reference/tensorzero.md §3.5): every candidate variant answers,
 * then the fuser — a chat completion with its own model and templates, answering in the
 * function's format (tools or output schema) — writes one answer from the conversation and the
 * numbered candidate answers. As in TensorZero: a fuser that fails yields a random candidate.
 * A single surviving candidate is returned without fusing. The fuser's wording is ours.
 */
import type { MixtureOfNVariant } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { buildPrompt } from './build-prompt';
import { candidateText, combineOutcomes, gatherCandidates, randomAnswer, type CandidateAnswer } from './candidates';
import { completionRun, type FunctionVariantRequest } from './run-function-variant';
import { runPrompt, type VariantOutcome } from './run-variant';

export async function runMixtureOfN(
  ctx: GatewayContext,
  request: FunctionVariantRequest,
  variant: MixtureOfNVariant,
  runCandidate: (name: string) => Promise<VariantOutcome>,
): Promise<VariantOutcome> {
  const gathered = await gatherCandidates(variant, runCandidate);
  if ('only' in gathered) return gathered.only;
  const { answers, outcomes: candidateOutcomes } = gathered;
  try {
    const fused = await runFuser(ctx, request, variant, answers);
    return combineOutcomes(fused, [...candidateOutcomes, fused]);
  } catch (err) {
    ctx.logger.warn({ variant: variant.name, error: (err as Error).message }, 'mixture-of-n fuser failed; returning a candidate at random');
    return combineOutcomes(randomAnswer(answers).outcome, candidateOutcomes);
  }
}

async function runFuser(ctx: GatewayContext, request: FunctionVariantRequest, variant: MixtureOfNVariant, answers: CandidateAnswer[]): Promise<VariantOutcome> {
  const run = completionRun(request, `${variant.name}/fuser`, variant.fuser, false);
  const prompt = buildPrompt(request.fn, run.variant, request.input);
  const listing = answers.map((a, index) => `${index}:\n${candidateText(a.outcome)}`).join('\n------\n');
  return runPrompt(ctx, run, {
    system: fuserInstructions(prompt.system),
    messages: [...prompt.messages, { role: 'user', content: [{ type: 'text', text: `Candidate answers, each after its index, separated by lines of dashes:\n${listing}\n------` }] }],
  });
}

function fuserInstructions(system: string | undefined): string {
  const task = system === undefined ? 'Several models have answered the latest message.' : `Several models have answered this task:\n------\n${system}\n------`;
  return [
    task,
    'Combine their answers into one answer of the highest quality. Some answers may be wrong or biased: check them critically rather than copying one,',
    'keep what is correct from each, and make the result accurate, complete and well organised.',
    'Below is the conversation so far, then one last message listing the candidate answers.',
  ].join('\n');
}
