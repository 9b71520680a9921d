/** Errors shared by every environment. */

export class UnknownEnvironmentError extends Error {
  override name = 'UnknownEnvironmentError';
  constructor(readonly environment: string, readonly known: string[]) {
    super(`Unknown environment '${environment}'; known environments: ${known.length ? known.join(', ') : '(none)'}`);
  }
}

export class DuplicateEnvironmentError extends Error {
  override name = 'DuplicateEnvironmentError';
  constructor(readonly environment: string) {
    super(`Another environment is already registered as '${environment}'`);
  }
}

/** A bad `env_config` key or value, or a bad option such as an unknown task split. `key` is the full path, e.g. `env_config.max_rows`. */
export class InvalidEnvironmentConfigError extends Error {
  override name = 'InvalidEnvironmentConfigError';
  constructor(readonly environment: string, readonly key: string, message: string) {
    super(`${environment}: ${key}: ${message}`);
  }
}

export class InvalidTaskIndexError extends Error {
  override name = 'InvalidTaskIndexError';
  constructor(readonly environment: string, readonly taskIdx: number, readonly numTasks: number) {
    super(`${environment}: task index ${taskIdx} is out of range; the split has ${numTasks} tasks (0..${numTasks - 1})`);
  }
}

/** The action does not have the form the environment's function needs. */
export class InvalidActionError extends Error {
  override name = 'InvalidActionError';
  constructor(readonly environment: string, message: string) {
    super(`${environment}: ${message}`);
  }
}

/** reset/step called out of order (step before reset, step after the episode ended). */
export class EnvironmentStateError extends Error {
  override name = 'EnvironmentStateError';
  constructor(readonly environment: string, message: string) {
    super(`${environment}: ${message}`);
  }
}

/** One thing an environment needs that this machine lacks, and how to get it. */
export interface MissingRequirement {
  /** e.g. `Python module 'tau_bench'`, `environment variable OPENAI_API_KEY` */
  what: string;
  /** why it is missing, when known (e.g. the import error) */
  detail?: string;
  /** how to install or set it */
  fix: string;
}

/**
 * The environment cannot run on this machine: a Python package, an API key or the bridge's Python
 * itself is missing. Thrown by `preflight`, before any work starts; the message names every
 * missing thing and how to install or set it.
 */
export class EnvironmentUnavailableError extends Error {
  override name = 'EnvironmentUnavailableError';
  constructor(readonly environment: string, readonly missing: MissingRequirement[]) {
    super(
      `${environment} cannot run here; missing:\n` +
        missing.map((m) => `  - ${m.what}${m.detail ? ` (${m.detail})` : ''}: ${m.fix}`).join('\n'),
    );
  }
}
