#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram } from './program';
import { runCommand } from './run-command';
import { runStandaloneWorker } from '../workers/main';
import { ConfigError } from '../config/config-error';
import { UnknownEnvironmentError, InvalidOverrideError } from '../config/overrides';
import { getLogger } from '../common/logger';

const log = getLogger('cli');

async function main(argv: string[]): Promise<number> {
  const program = createProgram({
    run: (options) => runCommand(options),
    worker: (options) => runStandaloneWorker({ maxRuns: options.maxRuns }),
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof UnknownEnvironmentError || err instanceof InvalidOverrideError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    log.error({ err: err instanceof Error ? err.stack : String(err) }, 'run failed');
    return 1;
  }
}

main(process.argv).then((code) => process.exit(code));
