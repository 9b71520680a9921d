import type { Mistake } from '../../common/oracle-contract/oracle';
import { attributeById } from './catalogue';
import { guessQuestion, uninformativeAttributes, type Deduction } from './asker-strategy';

/**
 * How a simulated asker plays worse than its strategy. Content mistakes keep valid JSON with
 * both keys and replace the question: each wastes (most of) a question. Schema mistakes keep
 * valid JSON with the wrong shape. Each returns null when it cannot apply to this turn.
 */
type Json = Record<string, unknown>;

/** Questions no answer to narrows anything down; none names a catalogue thing or attribute (tested). */
export const VAGUE_QUESTIONS = [
  'Is it something interesting?',
  'Is it something most people know?',
  'Would I like it?',
  'Is it special in some way?',
  'Is it common?',
  'Is it something useful?',
  'Have I seen it before?',
];

export function askerContentMistakes(deduction: Deduction): Mistake<Json>[] {
  return [
    { name: 'vague_question', weight: 4, apply: (value, rng) => ({ ...value, question: rng.pick(VAGUE_QUESTIONS) }) },
    {
      name: 'repeated_question',
      weight: 3,
      apply: (value, rng) => (deduction.attributeQuestions.length ? { ...value, question: rng.pick(deduction.attributeQuestions).question } : null),
    },
    {
      // e.g. "Is it a living thing?" after "Is it a mammal?" was answered yes
      name: 'uninformative_question',
      weight: 2,
      apply: (value, rng) => {
        const known = deduction.candidates.length > 1 ? uninformativeAttributes(deduction) : [];
        return known.length ? { ...value, question: attributeById(rng.pick(known)).question } : null;
      },
    },
    {
      name: 'premature_guess',
      weight: 3,
      apply: (value, rng) => (deduction.candidates.length >= 3 ? { ...value, question: guessQuestion(rng.pick(deduction.candidates)) } : null),
    },
  ];
}

export const ASKER_SCHEMA_MISTAKES: Mistake<Json>[] = [
  {
    name: 'missing_thinking',
    weight: 2,
    apply: (value) => {
      const { thinking: _dropped, ...rest } = value;
      return rest;
    },
  },
  {
    name: 'renamed_question',
    weight: 2,
    apply: (value, rng) => {
      const { question, ...rest } = value;
      return { ...rest, [rng.pick(['next_question', 'q', 'guess'])]: question };
    },
  },
  { name: 'extra_key', weight: 1, apply: (value, rng) => ({ ...value, [rng.pick(['confidence', 'candidates', 'answer'])]: rng.pick(['high', 'unknown']) }) },
];
