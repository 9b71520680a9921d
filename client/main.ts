#!/usr/bin/env node
import { runCli } from './run-cli';
import { runCommand } from './run-command';
import { decideCommand, statusCommand } from './operator-commands';
import { planRuns } from './run-inputs';
import { runStandaloneWorker } from '../workers/main';

/** The composition root: the real handler of each command; parsing and exit codes are in run-cli.ts. */
const out = (text: string) => process.stdout.write(text + '\n');

runCli(
  process.argv,
  {
    run: (options) => runCommand(options, out),
    snapshot: (options) => runCommand(options, out),
    worker: (options) => runStandaloneWorker({ maxRuns: options.maxRuns }),
    status: (workflowId) => statusCommand(workflowId, out),
    decide: (workflowId, decision) => decideCommand(workflowId, decision, out),
    input: async (options) => {
      for (const run of planRuns(options)) out(JSON.stringify({ workflowId: run.workflowId, input: run.input }));
    },
  },
  { writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) },
).then((code) => process.exit(code));
