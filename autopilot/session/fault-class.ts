import { AutopilotProtocolError } from '../protocol';
import { AutopilotPollTimeoutError, AutopilotRequestError } from './errors';

/**
 * Whose fault a failed autopilot session is (issue 12 item 1). The autopilot is the system under
 * test: when it misbehaves it has produced a result (a score), recorded and evaluated like any
 * other. Only a failure on the harness's side stops the iteration for an operator.
 */
export type FaultSide = 'autopilot' | 'harness';

/**
 * Autopilot-side kinds:
 * - `protocol_violation`: a response that breaks the session protocol (malformed JSON, wrong
 *   shape, a status the protocol does not name, an oversized body, an unsafe name);
 * - `session_timeout`: no actionable status within the session timeout, or a request to the
 *   service that timed out;
 * - `service_error`: the service answered an HTTP error other than the misconfiguration ones.
 */
export type AutopilotFaultKind = 'protocol_violation' | 'session_timeout' | 'service_error';

/**
 * Harness-side kinds:
 * - `autopilot_misconfigured`: 401/403 (wrong key) or 501 (no `TENSORZERO_AUTOPILOT_API_KEY`
 *   for the proxy) — the harness was set up wrong; preflight should have caught it;
 * - `gateway_unreachable`: no answer at all from our own train gateway (connection refused/reset);
 * - `harness_error`: anything else (a bug of ours, a full disk, …).
 */
export type HarnessFaultKind = 'autopilot_misconfigured' | 'gateway_unreachable' | 'harness_error';

export type SessionFault =
  | { side: 'autopilot'; kind: AutopilotFaultKind; message: string }
  | { side: 'harness'; kind: HarnessFaultKind; message: string };

/** The autopilot's own faults, as recorded in results. */
export type AutopilotFault = Extract<SessionFault, { side: 'autopilot' }>;

/** HTTP statuses that mean the harness, not the autopilot, is configured wrong. */
const MISCONFIGURATION_STATUSES = new Set([401, 403, 501]);

/** Classifies an error thrown while running a session (an abort is not a fault; callers handle it first). */
export function classifySessionFailure(err: unknown): SessionFault {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof AutopilotProtocolError) return { side: 'autopilot', kind: 'protocol_violation', message };
  if (err instanceof AutopilotPollTimeoutError) {
    // Every poll failed the same harness-side way (e.g. the train gateway is down): not the autopilot's doing.
    if (err.pollErrors === err.polls && err.lastPollError !== null) {
      const last = classifySessionFailure(err.lastPollError);
      if (last.side === 'harness') return { ...last, message };
    }
    return { side: 'autopilot', kind: 'session_timeout', message };
  }
  if (err instanceof AutopilotRequestError) {
    if (err.status === null) {
      return isTimeout(err.cause) ? { side: 'autopilot', kind: 'session_timeout', message } : { side: 'harness', kind: 'gateway_unreachable', message };
    }
    if (MISCONFIGURATION_STATUSES.has(err.status)) return { side: 'harness', kind: 'autopilot_misconfigured', message };
    return { side: 'autopilot', kind: 'service_error', message };
  }
  return { side: 'harness', kind: 'harness_error', message };
}

/** fetch rejects a timed-out request with the timeout signal's reason, a `TimeoutError` DOMException (not always `instanceof Error` across realms). */
function isTimeout(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { name?: unknown }).name === 'TimeoutError';
}
