/**
 * The text both τ oracles agree on: what the simulated customer says first (built from the task's
 * scenario, so the agent's oracle can tell the task from the conversation alone), the customer's
 * stock replies, and the agent's phrases the customer reacts to.
 */
import type { Tau2Domain, Tau2Task } from './gold-tasks';

/** Lower case, whitespace collapsed: rendering (indentation, templates) must not hide a match. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The customer's first message: the reason for the call and what they know. Two tasks of a domain
 * can share both (airline 15 and 16); the customer then also says how they mean to go about it,
 * so the first message always names exactly one task. Computed once per task list.
 */
export function customerOpening(task: Tau2Task, domainTasks: readonly Tau2Task[]): string {
  let openings = openingCache.get(domainTasks);
  if (!openings) {
    const bases = domainTasks.map(openingBase);
    openings = new Map(domainTasks.map((t, i) => [t.id, openingText(t, bases.indexOf(bases[i]) !== bases.lastIndexOf(bases[i]))]));
    openingCache.set(domainTasks, openings);
  }
  return openings.get(task.id) ?? openingText(task, false);
}

const openingCache = new WeakMap<readonly Tau2Task[], Map<string, string>>();

function openingText(task: Tau2Task, shared: boolean): string {
  const { reason_for_call: reason, known_info: known, task_instructions: instructions } = task.user_scenario.instructions;
  return [`${GREETINGS[0]} ${reason.trim()}`, known?.trim(), shared ? instructions.trim() : undefined].filter(Boolean).join('\n\n');
}

function openingBase(task: Tau2Task): string {
  const { reason_for_call: reason, known_info: known } = task.user_scenario.instructions;
  return normalise(`${reason}\n${known ?? ''}`);
}

/**
 * The candidate whose key texts all occur in `text`, the longest such: one task's reason can
 * begin another's (retail has a task that adds a sentence to another's), and the longer one is
 * the one actually meant.
 */
export function mostSpecificMatch<T>(text: string, candidates: readonly T[], keysOf: (candidate: T) => string[]): T | null {
  let best: T | null = null;
  let bestLength = -1;
  for (const candidate of candidates) {
    const keys = keysOf(candidate);
    const length = keys.reduce((sum, key) => sum + key.length, 0);
    if (length > bestLength && keys.every((key) => text.includes(key))) {
      best = candidate;
      bestLength = length;
    }
  }
  return best;
}

/**
 * How the customer may start: the first is the ideal; a sampled customer model says the others
 * now and then (the user oracle's only variation), so repeats of one task are not all the very
 * same conversation. The agent recognises the task by what follows the greeting.
 */
export const GREETINGS = ['Hi!', 'Hello.', 'Hi there.', 'Good day.', 'Hey.'] as const;

/** The opening without its greeting: what identifies the task whichever greeting was used. */
export function openingKey(opening: string): string {
  return normalise(opening.slice(GREETINGS[0].length));
}

/** The agent asks the customer to approve a write (tau2's policies require an explicit yes). */
export const CONFIRMATION_QUESTION = 'Shall I go ahead? Please answer yes or no.';
/** The agent's last message offers more help; the customer then ends the call. */
export const CLOSING_QUESTION = 'Is there anything else I can help you with?';

export const CUSTOMER_YES = 'Yes, please go ahead.';
export const CUSTOMER_DONE = 'No, that is all. Thank you! ###STOP###';

export const WRITE_TOOL = /^(book|cancel|update|send|modify|exchange|return)_/;

/** The tool that tells a request's domain (each exists in one domain only). */
export const DOMAIN_MARKER_TOOLS: Record<Tau2Domain, string> = { airline: 'book_reservation', retail: 'exchange_delivered_order_items' };
