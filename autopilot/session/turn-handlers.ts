import type { Logger } from '../../common/logger';
import type { Interlocutor } from '../interlocutor';
import { isEditSetComplete, editCoverage } from './edit-coverage';
import { describePendingToolCall } from './event-log';
import { flattenConfigWrites, type FlattenedConfigWrites } from './flatten-config-writes';
import { composeNudge, describeMissingPieces } from './nudge';
import type { AutopilotSessionClient } from './session-client';
import type { SessionProgressEvent, SessionSnapshot } from './types';
import { FIXED_QUESTION_REPLY, findLatestQuestionText } from './user-questions';

/** What every turn handler needs. */
export interface TurnContext {
  client: AutopilotSessionClient;
  sessionId: string;
  interlocutor?: Interlocutor;
  signal?: AbortSignal;
  logger: Logger;
  report: (event: SessionProgressEvent) => void;
}

/** Fetches and flattens the session's config writes, logging what had to be skipped. */
export async function fetchConfigWrites(ctx: TurnContext): Promise<FlattenedConfigWrites> {
  const flattened = flattenConfigWrites(await ctx.client.getConfigWrites(ctx.sessionId));
  for (const warning of flattened.warnings) ctx.logger.warn({ sessionId: ctx.sessionId }, warning);
  return flattened;
}

/**
 * Idle: done when the writes contain both variants and routing (returns them); otherwise sends
 * a nudge naming what is missing and returns null.
 */
export async function checkWritesOrNudge(ctx: TurnContext): Promise<FlattenedConfigWrites | null> {
  const writes = await fetchConfigWrites(ctx);
  if (isEditSetComplete(writes.edits)) return writes;
  const coverage = editCoverage(writes.edits);
  const nudge = await composeNudge(coverage, ctx.interlocutor);
  ctx.signal?.throwIfAborted();
  ctx.logger.info({ sessionId: ctx.sessionId, viaInterlocutor: nudge.viaInterlocutor }, `nudging autopilot: ${nudge.message.slice(0, 500)}`);
  await ctx.client.sendUserMessage(ctx.sessionId, nudge.message);
  ctx.report({ type: 'nudge:sent', sessionId: ctx.sessionId, missing: describeMissingPieces(coverage), viaInterlocutor: nudge.viaInterlocutor });
  return null;
}

/** Approves every pending tool call at once, by the id of the last one. An empty list sends nothing. */
export async function approvePendingToolCalls(ctx: TurnContext, snapshot: SessionSnapshot): Promise<void> {
  const pending = snapshot.pendingToolCalls;
  const last = pending[pending.length - 1];
  if (!last || typeof last.id !== 'string') {
    // The next poll usually returns the same status and costs another turn (original behaviour).
    ctx.logger.warn({ sessionId: ctx.sessionId }, 'waiting for tool call authorization, but no pending tool call has an id; nothing approved');
    return;
  }
  for (const call of pending) ctx.logger.info({ sessionId: ctx.sessionId, eventId: call.id }, `approving tool call ${describePendingToolCall(call)}`);
  await ctx.client.approveAll(ctx.sessionId, last.id);
  ctx.report({ type: 'tool_calls:approved', sessionId: ctx.sessionId, count: pending.length, lastToolCallEventId: last.id });
}

/** Answers the newest question with the interlocutor, or with a fixed reply when there is none or no question text. */
export async function answerQuestions(ctx: TurnContext, snapshot: SessionSnapshot): Promise<void> {
  const question = findLatestQuestionText(snapshot.events);
  const viaInterlocutor = question !== null && ctx.interlocutor !== undefined;
  const answer = viaInterlocutor ? await ctx.interlocutor!.answer(question) : FIXED_QUESTION_REPLY;
  ctx.signal?.throwIfAborted();
  ctx.logger.info({ sessionId: ctx.sessionId, status: snapshot.status, viaInterlocutor }, `answering autopilot: ${answer.slice(0, 500)}`);
  await ctx.client.sendUserMessage(ctx.sessionId, answer);
  ctx.report({ type: 'questions:answered', sessionId: ctx.sessionId, viaInterlocutor });
}
