/** Errors of the environment bridge (the TypeScript side of the Python process). */

/**
 * The bridge process exited (crashed, was killed, or its environment was made by an earlier
 * process). Requests that were waiting fail with this; the next request starts a new process.
 */
export class BridgeCrashedError extends Error {
  override name = 'BridgeCrashedError';
  constructor(
    message: string,
    readonly exitCode: number | null = null,
    readonly signal: string | null = null,
    /** the last lines the process wrote to stderr */
    readonly stderrTail = '',
  ) {
    super(stderrTail ? `${message}\nlast stderr lines of the bridge:\n${stderrTail}` : message);
  }
}

/** The bridge's Python could not be started at all (no such interpreter). */
export class BridgeStartError extends Error {
  override name = 'BridgeStartError';
  constructor(readonly python: string, override readonly cause: Error) {
    super(
      `cannot start the environment bridge with Python '${python}': ${cause.message}; ` +
        'run `bash scripts/setup.sh` (creates .venv) or set AUTOPILOT_BENCH_PYTHON to a Python >= 3.10',
    );
  }
}

/**
 * The bridge wrote something that is not a protocol message on stdout: a line that is not JSON, a
 * message of an unknown shape, or a line over the size limit. The stream can no longer be
 * trusted, so the process is stopped and its pending requests fail with this error.
 */
export class BridgeProtocolError extends Error {
  override name = 'BridgeProtocolError';
  constructor(
    /** what was wrong, e.g. `a line that is not JSON` */
    readonly violation: string,
    /** the first characters of the offending line */
    readonly head: string,
  ) {
    super(`the environment bridge broke its protocol on stdout: ${violation} (starts with ${JSON.stringify(head.slice(0, 120))}); the bridge process was stopped`);
  }
}

/** A request got no answer within its timeout (the process is left running). */
export class BridgeTimeoutError extends Error {
  override name = 'BridgeTimeoutError';
  constructor(readonly op: string, readonly timeoutMs: number) {
    super(`the environment bridge did not answer '${op}' within ${timeoutMs} ms`);
  }
}

/** The error a Python request raised, as the bridge reported it. */
export interface RemoteErrorBody {
  type: string;
  message: string;
  traceback: string;
}

/**
 * A request failed in Python (an environment's exception, an unknown name, a bad request). The
 * process is still alive. `name` is the Python exception's class name (e.g. `RuntimeError`,
 * `InvalidActionError`), so failed episodes are counted by what went wrong; the Python traceback
 * is part of `stack`.
 */
export class BridgeRemoteError extends Error {
  override name: string;
  readonly pythonType: string;
  readonly pythonTraceback: string;
  constructor(readonly op: string, body: RemoteErrorBody, readonly environment?: string) {
    super(`${environment ? `${environment}: ` : ''}${body.message || body.type}`);
    this.name = body.type || 'BridgeRemoteError';
    this.pythonType = body.type;
    this.pythonTraceback = body.traceback ?? '';
    if (this.pythonTraceback) this.stack = `${this.stack ?? `${this.name}: ${this.message}`}\nPython (bridge '${op}'):\n${this.pythonTraceback}`;
  }
}
