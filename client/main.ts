#!/usr/bin/env node
import { runCli } from './run-cli';

/**
 * The composition root: the real handler of each command; parsing and exit codes are in
 * run-cli.ts. Handlers load their modules when called, so `--help` and a usage error answer
 * without loading Temporal and every environment (about two seconds).
 */
const out = (text: string) => process.stdout.write(text + '\n');

runCli(
  process.argv,
  {
    run: async (options) => (await import('./run-command')).runCommand(options, out),
    snapshot: async (options) => (await import('./run-command')).runCommand(options, out),
    worker: async (options) => {
      // --max-runs wins over the config's infra.max_runs_per_worker; neither → the worker's default
      const fromConfig = options.config === undefined ? undefined : (await import('../config/load')).loadConfig(options.config).infra.max_runs_per_worker;
      await (await import('../workers/main')).runStandaloneWorker({ maxRuns: options.maxRuns ?? fromConfig });
    },
    status: async (workflowId) => (await import('./operator-commands')).statusCommand(workflowId, out),
    decide: async (workflowId, decision) => (await import('./operator-commands')).decideCommand(workflowId, decision, out),
    validate: async (options) => (await import('./validate-command')).validateCommand(options, out),
    compare: async (options) => (await import('./compare-command')).compareCommand(options, out),
    arena: async (options) => (await import('./arena-command')).arenaCommand(options, out),
    report: async (options) => (await import('./report-command')).reportCommand(options, out),
    input: async (options) => {
      const { planRuns } = await import('./run-inputs');
      for (const run of planRuns(options)) out(JSON.stringify({ workflowId: run.workflowId, input: run.input }));
    },
  },
  { writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) },
).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
