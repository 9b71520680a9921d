import { blocksText, toText } from '../autopilot/session/event-log';
import { findLatestQuestionText } from '../autopilot/session/user-questions';
import type { SessionEvent } from '../autopilot/session/types';
import type { TranscriptEntry } from './report-data';

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/**
 * One saved session event (`session_events.json`) as a transcript entry: who said what, the
 * questions and the interlocutor's answers, tool calls with their arguments, and whether a call
 * was refused or failed. Events of a kind we do not know are shown by type, never dropped.
 */
export function transcriptEntryOf(event: SessionEvent): TranscriptEntry {
  const at = event.created_at ?? null;
  const p = (event.payload ?? {}) as Record<string, unknown>;
  switch (p.type) {
    case 'message':
      return { kind: 'message', at, title: p.role === 'assistant' ? 'autopilot' : 'harness → autopilot', text: blocksText(p.content) };
    case 'status_update':
      return { kind: 'status', at, title: 'autopilot status', text: blocksText((p.status_update as { text?: unknown } | undefined)?.text ?? p.status_update) };
    case 'error':
      return { kind: 'rejection', at, title: 'autopilot error', text: toText(p.message) };
    case 'user_questions':
      return { kind: 'question', at, title: 'autopilot asks', text: findLatestQuestionText([event]) ?? pretty(p.questions) };
    case 'user_questions_answers':
      return { kind: 'answer', at, title: 'interlocutor answers', text: answersText(p.responses) };
    case 'tool_call':
      return { kind: 'tool-call', at, title: `tool call: ${String(p.name ?? '?')}`, text: pretty(p.arguments) };
    case 'tool_call_authorization':
      return authorization(at, p);
    case 'tool_result':
      return toolResult(at, p);
    default:
      return { kind: 'status', at, title: `event: ${String(p.type ?? 'without type')}`, text: pretty(p) };
  }
}

function authorization(at: string | null, p: Record<string, unknown>): TranscriptEntry {
  const status = (p.status ?? {}) as { type?: string; reason?: string };
  const name = String(p.tool_call_name ?? '?');
  if (status.type === 'rejected') return { kind: 'rejection', at, title: `tool call refused: ${name}`, text: status.reason ?? '' };
  return { kind: 'status', at, title: `tool call ${status.type ?? 'authorized'}: ${name}`, text: '' };
}

function toolResult(at: string | null, p: Record<string, unknown>): TranscriptEntry {
  const outcome = (p.outcome ?? {}) as { type?: string; reason?: string; error?: unknown; result_value?: unknown };
  const name = String(p.tool_call_name ?? '?');
  if (outcome.type === 'success') return { kind: 'tool-result', at, title: `tool result: ${name}`, text: pretty(outcome.result_value ?? '') };
  const why = outcome.reason ?? (outcome.error !== undefined ? toText(outcome.error) : '');
  return { kind: 'rejection', at, title: `tool ${outcome.type ?? 'result'}: ${name}`, text: why };
}

function answersText(responses: unknown): string {
  if (!responses || typeof responses !== 'object') return toText(responses);
  return Object.values(responses as Record<string, { type?: string; text?: string; selected?: string[] }>)
    .map((r) => (r.type === 'free_response' ? (r.text ?? '') : r.type === 'multiple_choice' ? (r.selected ?? []).join(', ') : `(${r.type ?? '?'})`))
    .join('\n');
}
