import { ANSWERS, type Answer } from './spec';

/**
 * The host's side of the conversation: how an answerer's output becomes one of the three answers,
 * and the short reply the agent sees for each.
 */

/** The answer in a parsed answerer output, or null when it is not one of yes/no/solved. */
export function answerFromParsed(parsed: Record<string, unknown> | null | undefined): Answer | null {
  const value = parsed?.answer;
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  return (ANSWERS as readonly string[]).includes(word) ? (word as Answer) : null;
}

/**
 * Fallback for output that failed the schema: the last yes/no/solved word of the raw text, as
 * the original read the answer from the last word of the reply.
 */
export function answerFromRaw(raw: string | null): Answer | null {
  const words = raw?.toLowerCase().match(/\b(yes|no|solved)\b/g);
  return words?.length ? (words[words.length - 1] as Answer) : null;
}

/** The reply the agent sees; it starts with the answer word, which the simulated asker relies on. */
export function replyText(answer: Answer, secret: string): string {
  switch (answer) {
    case 'yes':
      return 'Yes.';
    case 'no':
      return 'No.';
    case 'solved':
      return `Solved! The secret was: ${secret}.`;
  }
}

/** The reply to an output without a usable question; it counts as a question asked. */
export const NO_QUESTION_REPLY =
  'Your reply contained no question (expected a JSON object with a "question" string). That still used up one of your questions.';

/** The answer word a reply starts with (null for NO_QUESTION_REPLY or anything else). */
export function answerOfReply(reply: string): Answer | null {
  const match = /^\W*(yes|no|solved)\b/i.exec(reply);
  return match ? (match[1].toLowerCase() as Answer) : null;
}
