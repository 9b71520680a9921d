import type { Logger } from '../../common/logger';
import type { SessionEvent } from './types';
import { findLatestQuestionText } from './user-questions';

/** Truncation limits for logged events (reference/original-harness.md §4.3). */
export const MESSAGE_LOG_CHARS = 2000;
export const TOOL_ARGUMENTS_LOG_CHARS = 500;
export const TOOL_RESULT_LOG_CHARS = 2000;
/** Arguments of pending tool calls, logged before approval. */
export const PENDING_TOOL_ARGUMENTS_LOG_CHARS = 300;

/** A one-line description of an event for the log, truncated per kind. */
export function describeEvent(event: SessionEvent): string {
  const payload = event.payload ?? {};
  switch (payload.type) {
    case 'message':
      return `message (${String(payload.role ?? '?')}): ${truncate(blocksText(payload.content), MESSAGE_LOG_CHARS)}`;
    case 'tool_call':
      return `tool call ${String(payload.name ?? '?')}: ${truncate(toText(payload.arguments), TOOL_ARGUMENTS_LOG_CHARS)}`;
    case 'tool_result':
      return `tool result ${String(payload.tool_call_name ?? '?')}: ${truncate(toText(payload.outcome), TOOL_RESULT_LOG_CHARS)}`;
    case 'error':
      return `error: ${truncate(toText(payload.message), MESSAGE_LOG_CHARS)}`;
    case 'status_update':
      return `status update: ${truncate(toText((payload.status_update as { text?: unknown } | undefined)?.text ?? payload.status_update), MESSAGE_LOG_CHARS)}`;
    case 'user_questions':
      return `questions: ${truncate(findLatestQuestionText([event]) ?? '', MESSAGE_LOG_CHARS)}`;
    default:
      return `event ${String(payload.type ?? 'without type')}`;
  }
}

/** A pending tool call as logged before approval: name and arguments cut to 300 characters. */
export function describePendingToolCall(event: SessionEvent): string {
  const payload = event.payload ?? {};
  return `${String(payload.name ?? '?')}(${truncate(toText(payload.arguments), PENDING_TOOL_ARGUMENTS_LOG_CHARS)})`;
}

/** Logs each event once: every poll returns the whole history, so already-seen ids are skipped. */
export function createEventLogger(logger: Logger): (events: readonly SessionEvent[]) => void {
  const seen = new Set<string>();
  return (events) => {
    for (const event of events) {
      if (event.id !== undefined) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
      }
      logger.info({ eventId: event.id }, describeEvent(event));
    }
  };
}

export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

/** The text of a message's content blocks, joined by newlines; anything else as JSON. */
export function blocksText(content: unknown): string {
  if (!Array.isArray(content)) return toText(content);
  return content.map((block) => (typeof block?.text === 'string' ? block.text : toText(block))).join('\n');
}

/** A string as it is; anything else as JSON. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
