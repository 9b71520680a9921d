/**
 * `experimental_best_of_n_sampling` (reference/tensorzero.md §3.5): every candidate variant
 * answers, then the evaluator — a chat completion with its own model and templates — reads the
 * conversation and the numbered answers and names the best one as `{thinking, answer_choice}`.
 * That answer is returned unchanged. As in TensorZero: a single surviving candidate skips the
 * evaluator, and an evaluator that fails or names no valid index yields a random candidate.
 * The evaluator's wording is ours; its structure and JSON contract follow TensorZero's.
 */
import type { BestOfNVariant } from '../config/types';
import type { GatewayContext } from '../gateway-context';
import { createSchemaCompiler } from '../json-schema/schema-compiler';
import { buildPrompt } from './build-prompt';
import { candidateText, combineOutcomes, gatherCandidates, randomAnswer, type CandidateAnswer } from './candidates';
import { completionRun, type FunctionVariantRequest } from './run-function-variant';
import { runPrompt, type VariantOutcome } from './run-variant';

const EVALUATOR_SCHEMA = {
  type: 'object',
  properties: { thinking: { type: 'string' }, answer_choice: { type: 'integer' } },
  required: ['thinking', 'answer_choice'],
  additionalProperties: false,
};
const validateEvaluatorAnswer = createSchemaCompiler()(EVALUATOR_SCHEMA);

export async function runBestOfN(
  ctx: GatewayContext,
  request: FunctionVariantRequest,
  variant: BestOfNVariant,
  runCandidate: (name: string) => Promise<VariantOutcome>,
): Promise<VariantOutcome> {
  const gathered = await gatherCandidates(variant, runCandidate);
  if ('only' in gathered) return gathered.only;
  const { answers, outcomes: candidateOutcomes } = gathered;

  let judged: VariantOutcome | undefined;
  let chosen: CandidateAnswer | undefined;
  try {
    judged = await runEvaluator(ctx, request, variant, answers);
    const choice = (judged.output?.parsed as { answer_choice?: number } | null)?.answer_choice;
    if (typeof choice === 'number' && Number.isInteger(choice) && choice >= 0 && choice < answers.length) chosen = answers[choice];
    else ctx.logger.warn({ variant: variant.name, raw: judged.output?.raw }, 'best-of-n evaluator named no valid candidate; picking one at random');
  } catch (err) {
    ctx.logger.warn({ variant: variant.name, error: (err as Error).message }, 'best-of-n evaluator failed; picking a candidate at random');
  }
  const answer = chosen ?? randomAnswer(answers);
  return combineOutcomes(answer.outcome, judged ? [...candidateOutcomes, judged] : candidateOutcomes);
}

async function runEvaluator(ctx: GatewayContext, request: FunctionVariantRequest, variant: BestOfNVariant, answers: CandidateAnswer[]): Promise<VariantOutcome> {
  const name = `${variant.name}/evaluator`;
  const run = {
    ...completionRun(request, name, variant.evaluator, false),
    tools: { tools: [], validators: new Map() },
    outputSchema: { schema: EVALUATOR_SCHEMA, validate: validateEvaluatorAnswer },
  };
  const prompt = buildPrompt(request.fn, run.variant, request.input);
  const listing = answers.map((a, index) => `${index}: ${candidateText(a.outcome)}`).join('\n------\n');
  return runPrompt(ctx, run, {
    system: evaluatorInstructions(prompt.system, answers.length),
    messages: [
      ...prompt.messages,
      { role: 'user', content: [{ type: 'text', text: `Candidate answers, each after its index, separated by lines of dashes:\n${listing}\n------\nReply with the index of the best candidate.` }] },
    ],
  });
}

function evaluatorInstructions(system: string | undefined, count: number): string {
  const task = system === undefined ? 'Your job is to rank candidate answers to a task.' : `Your job is to rank candidate answers to this task:\n------\n${system}\n------`;
  return [
    task,
    'Below is the conversation so far, then one last message listing the candidate answers.',
    'Judge each candidate against the conversation and the instructions, reason about which one is best, and answer in this JSON format:',
    '{',
    '    "thinking": "your reasoning",',
    `    "answer_choice": int  // from 0 to ${count - 1}`,
    '}',
  ].join('\n');
}
