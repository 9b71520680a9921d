import { CommanderError } from 'commander';
import { createProgram, type CommandHandlers, type ProgramOutput } from './program';
import { ConfigError } from '../config/config-error';
import { UnknownEnvironmentError as UnknownConfigEnvironmentError, InvalidOverrideError } from '../config/overrides';
import { EnvironmentUnavailableError, InvalidEnvironmentConfigError, UnknownEnvironmentError } from '../environments/errors';
import { SnapshotError } from '../checkpoints';
import { getLogger } from '../common/logger';
import { TemporalServerError } from './temporal-server';
import { DecisionRejectedError } from './decision-rejected-error';
import { PreflightError } from './preflight/preflight-error';
import { CompareError } from '../compare/compare-error';
import { ReportError } from '../report/report-error';
import { LocalModelHashMismatchError, LocalModelPackageError, LocalModelPullError, UnknownLocalModelError } from '../local-models/errors';

const log = getLogger('cli');

/** The exit codes of `autopilot-benchmark` (130 for Ctrl-C is set in temporal-session.ts). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;

/**
 * Errors the user fixes (a wrong input, a missing package or key, a preflight problem, no Temporal server, a refused
 * decision, run directories `compare` cannot aggregate, a local model that cannot be pulled): their message says everything, so one line on stderr and no stack trace.
 */
const USER_ERRORS = [
  ConfigError,
  UnknownConfigEnvironmentError,
  InvalidOverrideError,
  SnapshotError,
  UnknownEnvironmentError,
  EnvironmentUnavailableError,
  InvalidEnvironmentConfigError,
  TemporalServerError,
  DecisionRejectedError,
  PreflightError,
  CompareError,
  ReportError,
  UnknownLocalModelError,
  LocalModelHashMismatchError,
  LocalModelPackageError,
  LocalModelPullError,
];

/**
 * Parses `argv` (node and script path first, as in `process.argv`), runs the chosen handler and
 * decides the exit code; the one place where a failure becomes a message and a code.
 */
export async function runCli(argv: string[], handlers: CommandHandlers, output: ProgramOutput): Promise<number> {
  const program = createProgram(handlers, output);
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (err) {
    // commander has already written the usage error (or the help) to the output.
    if (err instanceof CommanderError) return err.exitCode;
    if (USER_ERRORS.some((type) => err instanceof type)) {
      output.writeErr(`error: ${(err as Error).message}\n`);
      return EXIT_FAILED;
    }
    log.error({ err: err instanceof Error ? err.stack : String(err) }, `${program.args[0] ?? 'command'} failed: ${innermostMessage(err)}`);
    return EXIT_FAILED;
  }
}

/** A failed workflow's own message is only "Workflow execution failed": the reason is in its causes. */
function innermostMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
