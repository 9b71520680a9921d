/** Typed errors of the session client; each carries the fields a caller or a log needs. */

/** An HTTP call to the autopilot proxy failed: a non-2xx status, a network error or a timeout. */
export class AutopilotRequestError extends Error {
  override readonly name = 'AutopilotRequestError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** the HTTP status, or null when no response arrived */
    readonly status: number | null,
    /** first part of the response body, for diagnosis */
    readonly responseBody: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      status === null
        ? `${method} ${path} failed: ${describeCause(options?.cause)}`
        : `${method} ${path} returned HTTP ${status}${responseBody ? `: ${responseBody}` : ''}`,
      options,
    );
  }
}

/** A response arrived but breaks the protocol (malformed JSON, wrong shape, unknown status, too large, unsafe name). */
export { AutopilotProtocolError, type ProtocolFault, type ProtocolFaultKind } from '../protocol';

/** No actionable status within the poll budget of one wait. */
export class AutopilotPollTimeoutError extends Error {
  override readonly name = 'AutopilotPollTimeoutError';
  constructor(
    readonly sessionId: string,
    readonly polls: number,
    /** how many of those polls failed (network, HTTP or JSON errors) */
    readonly pollErrors: number,
    /** the last status seen, or null when no poll succeeded */
    readonly lastStatus: string | null,
    /** the error of the last failed poll, or null when none failed (tells a dead gateway from a silent autopilot) */
    readonly lastPollError: unknown = null,
  ) {
    super(
      `session ${sessionId} reached no actionable status after ${polls} polls ` +
        `(${pollErrors} failed; last status: ${lastStatus ?? 'none'})`,
    );
  }
}

/** The caller's AbortSignal fired; the session was interrupted best-effort. `reason` is the signal's reason. */
export class AutopilotSessionAbortedError extends Error {
  override readonly name = 'AutopilotSessionAbortedError';
  constructor(readonly sessionId: string | null, readonly reason: unknown) {
    super(`autopilot session ${sessionId ?? '(not created)'} aborted`, { cause: reason });
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
