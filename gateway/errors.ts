/** Typed errors of the gateway folder. Messages never contain environment values. */

export type GatewayHttpFailure = 'http' | 'connection' | 'timeout' | 'invalid_response';

/**
 * A failed call to a gateway. `transient` tells the rollout runner's retry policy whether
 * trying again can help: 5xx, 408, 429, connection errors and timeouts are transient; other
 * 4xx answers and unparseable bodies are not.
 */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    /** HTTP status, or null when no response arrived */
    readonly status: number | null,
    /** the response body (parsed JSON when it parsed, text otherwise), null without a response */
    readonly body: unknown,
    readonly failure: GatewayHttpFailure,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class GatewayAlreadyRunningError extends Error {
  override readonly name = 'GatewayAlreadyRunningError';
  constructor(readonly role: string, readonly pid: number | undefined) {
    super(`${role} gateway is already running (pid ${pid})`);
  }
}

export class GatewayConfigNotFoundError extends Error {
  override readonly name = 'GatewayConfigNotFoundError';
  constructor(readonly configFile: string) {
    super(`gateway config file not found: ${configFile}`);
  }
}

export type GatewayStartStage = 'migrations' | 'launch' | 'health';

/**
 * The gateway could not be started: the migration step failed, the process could not be
 * launched, it exited before becoming healthy, or it never became healthy in time.
 */
export class GatewayStartError extends Error {
  override readonly name = 'GatewayStartError';
  constructor(
    message: string,
    readonly role: string,
    readonly stage: GatewayStartStage,
    readonly exitCode: number | null,
    readonly signal: string | null,
    /** last lines of the gateway's stderr since this start (secret values redacted) */
    readonly stderrTail: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class GatewayOptionsError extends Error {
  override readonly name = 'GatewayOptionsError';
  constructor(readonly option: string, problem: string) {
    super(`invalid gateway option ${option}: ${problem}`);
  }
}

/** The environment spec cannot be turned into a TensorZero config. */
export class T0ConfigError extends Error {
  override readonly name = 'T0ConfigError';
  constructor(readonly environment: string, readonly keyPath: string, problem: string) {
    super(`cannot generate the TensorZero config for ${environment}: ${keyPath}: ${problem}`);
  }
}
