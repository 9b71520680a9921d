import type { Mistake, Rng, ToolCallAnswer } from '../../common/oracle-contract/oracle';
import { CLOSING_QUESTION } from './scenario-text';

/**
 * How a simulated τ agent gets a turn wrong. Each mistake returns null when it does not apply.
 * Their cost differs as it would with a real model: an argument left out makes tau2 answer with
 * an error and the agent retries; a wrong value, a write replaced by a look-up, an unasked
 * confirmation or a missing fact in the last reply cost the task (the grader compares the final
 * database and looks for the required information).
 */

type Args = Record<string, unknown>;

/** Mistakes of a tool-call turn; `lookUp` is the read of the same record a distracted agent makes instead of a write (null for reads). */
export function toolCallMistakes(lookUp: ToolCallAnswer | null): Mistake<ToolCallAnswer>[] {
  return [
    { name: 'wrong_argument_value', weight: 4, apply: (call, rng) => withArguments(call, alterOneLeaf(call.arguments, rng)) },
    {
      name: 'missing_argument',
      weight: 2,
      apply: (call, rng) => {
        const keys = Object.keys(call.arguments);
        if (keys.length === 0) return null;
        const drop = rng.pick(keys);
        return withArguments(call, Object.fromEntries(Object.entries(call.arguments).filter(([key]) => key !== drop)));
      },
    },
    { name: 'dropped_list_item', weight: 1, apply: (call, rng) => withArguments(call, dropListItem(call.arguments, rng)) },
    { name: 'skipped_write', weight: 2, apply: () => lookUp },
  ];
}

/** Mistakes of the turn that asks the customer to approve a write. */
export const CONFIRMATION_MISTAKES: Mistake<string>[] = [
  // tells the customer it is done without asking (and without doing it): the customer hangs up satisfied, the write never happens
  { name: 'skipped_confirmation', weight: 1, apply: () => 'I have taken care of that for you.' },
];

/** Mistakes of the last reply, which must carry every required fact (`facts`). */
export function closingMistakes(facts: readonly string[]): Mistake<string>[] {
  return [
    {
      name: 'missing_information',
      weight: 2,
      apply: (text, rng) => {
        const present = facts.filter((fact) => text.includes(fact));
        if (present.length === 0) return null;
        const fact = rng.pick(present);
        return text.replace(fact, 'the amount shown in your account');
      },
    },
    {
      name: 'wrong_number',
      weight: 1,
      apply: (text, rng) => {
        const numeric = facts.filter((fact) => /\d/.test(fact) && text.includes(fact));
        if (numeric.length === 0) return null;
        const fact = rng.pick(numeric);
        return text.replace(fact, bumpLastDigit(fact));
      },
    },
    // forgets to offer more help: the customer hangs up all the same, so it only costs style
    { name: 'no_closing_question', weight: 1, apply: (text) => (text.includes(CLOSING_QUESTION) ? text.replace(CLOSING_QUESTION, '').trim() : null) },
  ];
}

function withArguments(call: ToolCallAnswer, args: Args | null): ToolCallAnswer | null {
  return args === null ? null : { name: call.name, arguments: args };
}

type Path = (string | number)[];

/** Paths to every number, boolean and non-empty string inside the arguments. */
function leaves(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length > 0)) return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...at, key]));
  return [];
}

function alterOneLeaf(args: Args, rng: Rng): Args | null {
  const paths = leaves(args);
  if (paths.length === 0) return null;
  const where = rng.pick(paths);
  const copy = structuredClone(args);
  let parent: Record<string | number, unknown> = copy;
  for (const key of where.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = where[where.length - 1];
  parent[last] = altered(parent[last]);
  return copy;
}

function altered(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value + 1 : Math.round(value * 110) / 100;
  if (typeof value === 'boolean') return !value;
  const text = String(value);
  return /\d/.test(text) ? bumpLastDigit(text) : `${text}s`;
}

/** `"1628"` → `"1629"`, `"#W2378156"` → `"#W2378157"`: the same shape, another record. */
function bumpLastDigit(text: string): string {
  const at = text.search(/\d(?!.*\d)/);
  return text.slice(0, at) + String((Number(text[at]) + 1) % 10) + text.slice(at + 1);
}

function dropListItem(args: Args, rng: Rng): Args | null {
  const lists = Object.entries(args).filter(([, value]) => Array.isArray(value) && value.length >= 2);
  if (lists.length === 0) return null;
  const [key, list] = rng.pick(lists) as [string, unknown[]];
  const drop = rng.int(list.length);
  return { ...args, [key]: list.filter((_, i) => i !== drop) };
}
