#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram } from './program';
import { runCommand } from './run-command';
import { decideCommand, statusCommand } from './operator-commands';
import { planRuns } from './run-inputs';
import { runStandaloneWorker } from '../workers/main';
import { ConfigError } from '../config/config-error';
import { UnknownEnvironmentError, InvalidOverrideError } from '../config/overrides';
import { getLogger } from '../common/logger';
import { SnapshotError } from '../checkpoints';

const log = getLogger('cli');

async function main(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text + '\n');
  const program = createProgram({
    run: (options) => runCommand(options, out),
    snapshot: (options) => runCommand(options, out),
    worker: (options) => runStandaloneWorker({ maxRuns: options.maxRuns }),
    status: (workflowId) => statusCommand(workflowId, out),
    decide: (workflowId, decision) => decideCommand(workflowId, decision, out),
    input: async (options) => {
      for (const run of planRuns(options)) out(JSON.stringify({ workflowId: run.workflowId, input: run.input }));
    },
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // Bad input: one clear message, no stack trace.
    const inputErrors = ['UnknownEnvironmentError', 'EnvironmentUnavailableError', 'InvalidEnvironmentConfigError'];
    if (err instanceof ConfigError || err instanceof UnknownEnvironmentError || err instanceof InvalidOverrideError || err instanceof SnapshotError || inputErrors.includes((err as Error).name)) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      return 1;
    }
    log.error({ err: err instanceof Error ? err.stack : String(err) }, `${program.args[0] ?? 'command'} failed: ${innermostMessage(err)}`);
    return 1;
  }
}

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);

/** A failed workflow's own message is only "Workflow execution failed": the reason is in its causes. */
function innermostMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
