import { getLogger, type Logger } from '../../common/logger';
import type { Interlocutor } from '../interlocutor';
import { AutopilotSessionAbortedError } from './errors';
import { createEventLogger } from './event-log';
import { SessionTranscript } from './session-transcript';
import { classifySessionFailure, type AutopilotFault } from './fault-class';
import type { FlattenedConfigWrites } from './flatten-config-writes';
import { createAutopilotSessionClient } from './session-client';
import { actionForStatus } from './session-status';
import { answerQuestions, approvePendingToolCalls, checkWritesOrNudge, fetchConfigWrites, type TurnContext } from './turn-handlers';
import type { SessionFinalStatus, SessionProgressEvent, SessionResult } from './types';
import { waitForActionableState } from './wait-for-actionable-state';

export interface RunAutopilotSessionOptions {
  /** the primary (train) gateway, whose autopilot proxy the session goes through */
  gatewayUrl: string;
  initialMessage: string;
  /** handled actionable states (nudges and answers included) before the session is interrupted */
  maxTurns: number;
  /** the time budget of each wait for an actionable state, and the timeout of non-poll requests */
  sessionTimeoutMs: number;
  /** default 2000 */
  pollIntervalMs?: number;
  /** default 30 000 */
  pollRequestTimeoutMs?: number;
  /** answers questions and writes nudges; without one, fixed replies are sent */
  interlocutor?: Interlocutor;
  /** abort → the session is interrupted best-effort and `AutopilotSessionAbortedError` is thrown */
  signal?: AbortSignal;
  /** progress hook (heartbeats, logs); exceptions thrown by it are logged and ignored */
  onEvent?: (event: SessionProgressEvent) => void;
  logger?: Logger;
}

/** The best-effort interrupt after an abort must not hold up cancellation for long. */
const ABORT_INTERRUPT_TIMEOUT_MS = 10_000;

/**
 * Runs one autopilot session to its end (reference/original-harness.md §4.2): create it with
 * the initial message, then for each turn wait for an actionable status and act on it —
 * idle: stop if the writes contain variants and routing, else nudge; tool authorization:
 * approve all; questions (auto-eval ones included): answer; failed/error: stop; anything else:
 * stop as unexpected, with the protocol fault recorded as the result's `error` and `fault`. At
 * the turn limit the session is interrupted. A failure is classified (`fault-class.ts`): the
 * autopilot's own (protocol violation, timeout, service error) ends the session as `error` with
 * the fault recorded and writes still fetched best-effort — or, when the session could not even
 * be created, with no session id and no writes. A harness-side failure (and an abort) throws.
 */
export async function runAutopilotSession(options: RunAutopilotSessionOptions): Promise<SessionResult> {
  const logger = options.logger ?? getLogger('autopilot.session');
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const { signal } = options;
  const report = (event: SessionProgressEvent) => {
    try {
      options.onEvent?.(event);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), event: event.type }, 'session progress hook failed');
    }
  };
  const client = createAutopilotSessionClient({
    gatewayUrl: options.gatewayUrl,
    requestTimeoutMs: options.sessionTimeoutMs,
    pollRequestTimeoutMs: options.pollRequestTimeoutMs ?? 30_000,
    signal,
    logger,
  });

  if (signal?.aborted) throw new AutopilotSessionAbortedError(null, signal.reason);
  let sessionId: string;
  try {
    sessionId = await client.createSession(options.initialMessage);
  } catch (err) {
    if (signal?.aborted) throw new AutopilotSessionAbortedError(null, signal.reason);
    const fault = autopilotFaultOrThrow(err);
    logger.error({ kind: fault.kind, err: fault.message }, 'the autopilot session could not be created');
    return { session_id: null, final_status: 'error', turns: 0, config_writes: [], raw_config_writes: [], error: fault.message, fault, events: [] };
  }
  logger.info({ sessionId }, 'autopilot session created');
  report({ type: 'session:created', sessionId });

  const ctx: TurnContext = { client, sessionId, interlocutor: options.interlocutor, signal, logger, report };
  // At least one poll per wait, even when the timeout is shorter than the interval.
  const maxPolls = Math.max(1, Math.floor(options.sessionTimeoutMs / pollIntervalMs));
  const logEvents = createEventLogger(logger);
  const transcript = new SessionTranscript();
  let turns = 0;

  const finish = (finalStatus: SessionFinalStatus, writes: FlattenedConfigWrites, fault: AutopilotFault | null): SessionResult => {
    logger.info({ sessionId, finalStatus, turns, configWrites: writes.edits.length, fault: fault?.kind }, 'autopilot session finished');
    report({ type: 'session:finished', sessionId, finalStatus, turns });
    const error = fault?.message ?? null;
    return { session_id: sessionId, final_status: finalStatus, turns, config_writes: writes.edits, raw_config_writes: writes.rawWrites, error, fault, events: transcript.events() };
  };

  try {
    let finalStatus: SessionFinalStatus | null = null;
    let protocolFault: AutopilotFault | null = null;
    while (finalStatus === null && turns < options.maxTurns) {
      const snapshot = await waitForActionableState({ client, sessionId, maxPolls, pollIntervalMs, signal, logger, report });
      turns++;
      logEvents(snapshot.events);
      transcript.add(snapshot.events);
      report({ type: 'turn:started', sessionId, turn: turns, status: snapshot.status });

      switch (actionForStatus(snapshot.status)) {
        case 'check_writes': {
          const completeWrites = await checkWritesOrNudge(ctx);
          if (completeWrites) return finish('idle', completeWrites, null);
          break;
        }
        case 'approve_tool_calls':
          await approvePendingToolCalls(ctx, snapshot);
          break;
        case 'answer_questions':
          await answerQuestions(ctx, snapshot);
          break;
        case 'stop':
          logger.warn({ sessionId, status: snapshot.status }, 'autopilot session ended with a failure status');
          finalStatus = snapshot.status;
          break;
        case 'unexpected':
          // Forward-compatible on purpose (see statusFault): the session ends, the fault is recorded.
          protocolFault = snapshot.statusFault ? { side: 'autopilot', kind: 'protocol_violation', message: snapshot.statusFault.message } : null;
          logger.warn({ sessionId, status: snapshot.status, fault: protocolFault?.message }, 'unexpected autopilot status; ending the session');
          finalStatus = snapshot.status;
          break;
      }
    }
    if (finalStatus === null) {
      logger.warn({ sessionId, turns }, 'turn limit reached; interrupting the autopilot session');
      await client.interrupt(sessionId);
      report({ type: 'session:interrupted', sessionId });
      finalStatus = 'interrupted';
    }
    return finish(finalStatus, await fetchConfigWrites(ctx), protocolFault);
  } catch (err) {
    if (signal?.aborted) {
      await interruptAfterAbort(ctx);
      throw new AutopilotSessionAbortedError(sessionId, signal.reason);
    }
    const fault = autopilotFaultOrThrow(err);
    logger.error({ sessionId, turns, kind: fault.kind, err: fault.message }, 'autopilot session failed');
    return finish('error', await fetchConfigWritesBestEffort(ctx), fault);
  }
}

/** The autopilot's fault is a result; a harness-side failure is rethrown as it is, for the operator. */
function autopilotFaultOrThrow(err: unknown): AutopilotFault {
  const fault = classifySessionFailure(err);
  if (fault.side === 'harness') throw err;
  return fault;
}

/** Writes are applied whatever the final status, so a failed session still tries to fetch them. */
async function fetchConfigWritesBestEffort(ctx: TurnContext): Promise<FlattenedConfigWrites> {
  try {
    return await fetchConfigWrites(ctx);
  } catch (err) {
    ctx.logger.warn({ sessionId: ctx.sessionId, err: err instanceof Error ? err.message : String(err) }, 'could not fetch config writes');
    return { edits: [], rawWrites: [], warnings: [] };
  }
}

async function interruptAfterAbort(ctx: TurnContext): Promise<void> {
  try {
    await ctx.client.interrupt(ctx.sessionId, { timeoutMs: ABORT_INTERRUPT_TIMEOUT_MS });
    ctx.report({ type: 'session:interrupted', sessionId: ctx.sessionId });
  } catch (err) {
    ctx.logger.warn({ sessionId: ctx.sessionId, err: err instanceof Error ? err.message : String(err) }, 'could not interrupt the aborted session');
  }
}
