import { ATTRIBUTES, CATALOGUE, attributeById, hasTrait, type AttributeId, type CatalogueItem } from './catalogue';
import { interpretQuestion } from './question-meaning';
import type { Exchange } from './sim-request';

/**
 * The simulated asker's strategy over the catalogue. It knows only the conversation: what it
 * asked and what it was told. Candidates are the things that contradict the fewest answers (not
 * "none", so one wrong answer from the answerer does not leave it with nothing), minus things
 * already guessed wrong. It asks the unasked attribute that splits the candidates most evenly
 * and guesses when at most two are left or on its last question.
 */
export interface Deduction {
  candidates: CatalogueItem[];
  /** attribute questions asked so far with their text, in order */
  attributeQuestions: { attribute: AttributeId; question: string }[];
  wrongGuesses: Set<string>;
  questionsAsked: number;
}

export type Plan =
  | { kind: 'guess'; item: CatalogueItem; reason: 'only_candidate' | 'two_left' | 'last_question' | 'no_split' }
  | { kind: 'attribute'; attribute: AttributeId; yes: number; no: number };

export function deduce(exchanges: readonly Exchange[]): Deduction {
  const facts: { attribute: AttributeId; value: boolean }[] = [];
  const attributeQuestions: Deduction['attributeQuestions'] = [];
  const wrongGuesses = new Set<string>();
  for (const { question, answer } of exchanges) {
    if (!question) continue;
    const meaning = interpretQuestion(question);
    if (meaning.kind === 'attribute') {
      attributeQuestions.push({ attribute: meaning.attribute, question });
      if (answer === 'yes' || answer === 'no') facts.push({ attribute: meaning.attribute, value: answer === 'yes' });
    } else if (meaning.kind === 'guess' && answer === 'no') {
      wrongGuesses.add(meaning.item.name);
    }
  }
  let pool = CATALOGUE.filter((entry) => !wrongGuesses.has(entry.name));
  if (pool.length === 0) pool = [...CATALOGUE];
  const contradictions = (entry: CatalogueItem) => facts.filter((f) => hasTrait(entry, f.attribute) !== f.value).length;
  const fewest = Math.min(...pool.map(contradictions));
  return { candidates: pool.filter((entry) => contradictions(entry) === fewest), attributeQuestions, wrongGuesses, questionsAsked: exchanges.length };
}

export function planNext(deduction: Deduction, remainingQuestions: number): Plan {
  const { candidates } = deduction;
  if (candidates.length === 1) return { kind: 'guess', item: candidates[0], reason: 'only_candidate' };
  if (remainingQuestions <= 1) return { kind: 'guess', item: candidates[0], reason: 'last_question' };
  // With two left a guess is as cheap as a question and ends the game half the time.
  if (candidates.length === 2) return { kind: 'guess', item: candidates[0], reason: 'two_left' };
  const split = bestSplit(deduction);
  return split ?? { kind: 'guess', item: candidates[0], reason: 'no_split' };
}

/** The unasked attribute whose smaller side is largest; ties go to the earlier attribute. */
export function bestSplit(deduction: Deduction): Extract<Plan, { kind: 'attribute' }> | null {
  const asked = new Set(deduction.attributeQuestions.map((q) => q.attribute));
  let best: Extract<Plan, { kind: 'attribute' }> | null = null;
  for (const attribute of ATTRIBUTES) {
    if (asked.has(attribute.id)) continue;
    const yes = deduction.candidates.filter((entry) => hasTrait(entry, attribute.id)).length;
    const no = deduction.candidates.length - yes;
    if (Math.min(yes, no) === 0) continue;
    if (!best || Math.min(yes, no) > Math.min(best.yes, best.no)) best = { kind: 'attribute', attribute: attribute.id, yes, no };
  }
  return best;
}

/** Attributes every candidate agrees on and not asked yet: questions whose answer is already known. */
export function uninformativeAttributes(deduction: Deduction): AttributeId[] {
  const asked = new Set(deduction.attributeQuestions.map((q) => q.attribute));
  return ATTRIBUTES.filter((a) => !asked.has(a.id))
    .filter((a) => {
      const yes = deduction.candidates.filter((entry) => hasTrait(entry, a.id)).length;
      return yes === 0 || yes === deduction.candidates.length;
    })
    .map((a) => a.id);
}

export function guessQuestion(item: CatalogueItem): string {
  return `Is it ${/^[aeiou]/.test(item.name) ? 'an' : 'a'} ${item.name}?`;
}

export function planQuestion(plan: Plan): string {
  return plan.kind === 'guess' ? guessQuestion(plan.item) : attributeById(plan.attribute).question;
}

/** The short reasoning a good player would write down before asking. */
export function planThinking(plan: Plan, deduction: Deduction): string {
  const n = deduction.candidates.length;
  const names = n <= 5 ? ` (${deduction.candidates.map((c) => c.name).join(', ')})` : '';
  switch (plan.kind) {
    case 'attribute':
      return `${n} things still fit the answers so far${names}. Asking whether it is ${attributeById(plan.attribute).label} splits them ${plan.yes} to ${plan.no}.`;
    case 'guess':
      if (plan.reason === 'only_candidate') return `Only ${plan.item.name} fits every answer so far, so I guess it.`;
      if (plan.reason === 'last_question') return `This is my last question; ${plan.item.name} is the best remaining guess${names}.`;
      return `${n} things still fit${names} and no question separates them better than a guess; guessing ${plan.item.name}.`;
  }
}
