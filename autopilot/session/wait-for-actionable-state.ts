import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/logger';
import { AutopilotPollTimeoutError, AutopilotProtocolError } from './errors';
import type { AutopilotSessionClient } from './session-client';
import { isBackgroundStatus } from './session-status';
import type { SessionProgressEvent, SessionSnapshot } from './types';

export interface WaitForActionableStateOptions {
  client: AutopilotSessionClient;
  sessionId: string;
  /** the poll budget of this wait; failed polls count against it */
  maxPolls: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  logger: Logger;
  report: (event: SessionProgressEvent) => void;
}

/**
 * Polls the session's events until its status is not a background one
 * (reference/original-harness.md §4.3). Network and HTTP poll errors are logged and counted as
 * polls; an exhausted budget throws `AutopilotPollTimeoutError`. A protocol fault and an abort
 * are rethrown at once.
 */
export async function waitForActionableState(options: WaitForActionableStateOptions): Promise<SessionSnapshot> {
  const { client, sessionId, maxPolls, pollIntervalMs, signal, logger, report } = options;
  let pollErrors = 0;
  let lastStatus: string | null = null;
  let lastPollError: unknown = null;

  for (let poll = 1; poll <= maxPolls; poll++) {
    signal?.throwIfAborted();
    try {
      const snapshot = await client.pollEvents(sessionId);
      lastStatus = snapshot.status;
      report({ type: 'poll:status', sessionId, poll, status: snapshot.status });
      if (!isBackgroundStatus(snapshot.status)) return snapshot;
      logger.debug({ sessionId, poll, status: snapshot.status }, 'autopilot is working');
    } catch (err) {
      if (signal?.aborted) throw err;
      // A response that breaks the protocol is the autopilot's answer, not a transient failure.
      if (err instanceof AutopilotProtocolError) throw err;
      pollErrors++;
      lastPollError = err;
      const message = err instanceof Error ? err.message : String(err);
      logger.warn({ sessionId, poll, pollErrors, err: message }, 'autopilot poll failed');
      report({ type: 'poll:error', sessionId, poll, message });
    }
    if (poll < maxPolls) await sleep(pollIntervalMs, undefined, { signal });
  }
  throw new AutopilotPollTimeoutError(sessionId, maxPolls, pollErrors, lastStatus, lastPollError);
}
