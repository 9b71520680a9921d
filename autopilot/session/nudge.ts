import type { Interlocutor } from '../interlocutor';
import type { EditCoverage } from './edit-coverage';

/** What to ask for when no variant edit exists yet. */
export const MISSING_VARIANTS_PHRASE = 'create one or more new variants with improved prompts using the `write_config` tool';
/** What to ask for when no experimentation (routing) edit exists yet. */
export const MISSING_ROUTING_PHRASE =
  'add a `track_and_stop` experimentation config so that the new variants are A/B tested against the baseline';

/** The action phrases for what is still missing, joined with " and " (reference/original-harness.md §4.4). */
export function describeMissingPieces(coverage: EditCoverage): string {
  const phrases: string[] = [];
  if (!coverage.hasVariants) phrases.push(MISSING_VARIANTS_PHRASE);
  if (!coverage.hasRouting) phrases.push(MISSING_ROUTING_PHRASE);
  return phrases.join(' and ');
}

/** The prompt the interlocutor turns into a nudge: what is missing, plus the two rules that keep edits valid. */
export function nudgePromptForInterlocutor(missing: string): string {
  return [
    'An automated optimization system has analysed the data of an LLM application but has not finished its work.',
    `It still has to ${missing}.`,
    'Write the message you would send it now: a direct, specific instruction to do exactly that.',
    'Make sure your message states these two rules:',
    '1. The baseline variant (for example `initial`) goes into `candidate_variants` together with the new variants; ' +
      'a variant must never be listed in both `candidate_variants` and `fallback_variants`.',
    '2. When an experimentation section is used, do not set `weight` on individual variants.',
  ].join('\n');
}

/** The nudge sent when no interlocutor is configured. */
export function fixedNudgeMessage(missing: string): string {
  return `You are not done yet: you still need to ${missing}. Please use the \`write_config\` tool to do this now.`;
}

export interface Nudge {
  message: string;
  viaInterlocutor: boolean;
}

/** The message to send when the session idles without complete writes. */
export async function composeNudge(coverage: EditCoverage, interlocutor?: Interlocutor): Promise<Nudge> {
  const missing = describeMissingPieces(coverage);
  if (!interlocutor) return { message: fixedNudgeMessage(missing), viaInterlocutor: false };
  return { message: await interlocutor.answer(nudgePromptForInterlocutor(missing)), viaInterlocutor: true };
}
