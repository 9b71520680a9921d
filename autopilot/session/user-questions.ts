import type { SessionEvent } from './types';

/** Sent when there is no interlocutor or no readable question; our wording. */
export const FIXED_QUESTION_REPLY =
  'No one is available to answer questions right now. Please continue on your own and use your best judgment.';

/**
 * The text of the newest question in the session (reference/original-harness.md §4.3), or
 * null. Events are scanned newest → oldest for a `user_questions` event — or, because we also
 * answer the two auto-eval question statuses, an auto-eval question event. Its text is taken
 * from `payload.content` (a string, or blocks whose `text` values are joined with newlines),
 * as the original reads it; when that is absent we read the structured `payload.questions`
 * list that TensorZero's event schema carries, so questions are not lost.
 */
export function findLatestQuestionText(events: readonly SessionEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const payload = events[i].payload;
    if (!payload || !isQuestionEventType(payload.type)) continue;
    const text = contentText(payload.content) ?? structuredQuestionsText(payload.questions);
    return text && text.trim() !== '' ? text : null;
  }
  return null;
}

function isQuestionEventType(type: unknown): boolean {
  if (type === 'user_questions') return true;
  // Auto-eval question kinds; the matching `*_answers` events are our own replies, not questions.
  return typeof type === 'string' && type.startsWith('auto_eval') && !type.endsWith('answers');
}

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content.flatMap((block) => {
    const text = typeof block === 'object' && block !== null ? (block as { text?: unknown }).text : undefined;
    return typeof text === 'string' ? [text] : [];
  });
  return texts.length > 0 ? texts.join('\n') : null;
}

/** `[{header?, question, options?}]` → one paragraph per question, listing the choices if any. */
function structuredQuestionsText(questions: unknown): string | null {
  if (!Array.isArray(questions)) return null;
  const parts = questions.flatMap((q) => {
    if (typeof q !== 'object' || q === null) return [];
    const { header, question, options } = q as { header?: unknown; question?: unknown; options?: unknown };
    if (typeof question !== 'string') return [];
    const lines = [typeof header === 'string' && header ? `${header}: ${question}` : question];
    if (Array.isArray(options)) {
      for (const option of options) {
        const label = typeof option === 'string' ? option : (option as { label?: unknown } | null)?.label;
        if (typeof label === 'string') lines.push(`- ${label}`);
      }
    }
    return [lines.join('\n')];
  });
  return parts.length > 0 ? parts.join('\n\n') : null;
}
