import { Command, InvalidArgumentError } from 'commander';
import type { RunCommandOptions } from './run-command';
import type { OperatorDecision } from '../workflows/shared';
import { addModelsCommand } from './models-command';

export interface CommandHandlers {
  run(options: RunCommandOptions): Promise<unknown>;
  snapshot(options: RunCommandOptions): Promise<unknown>;
  worker(options: { maxRuns?: number }): Promise<void>;
  status(workflowId: string | undefined): Promise<void>;
  decide(workflowId: string, decision: OperatorDecision): Promise<void>;
  input(options: RunCommandOptions): Promise<void>;
}

function integer(flag: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be an integer, got "${value}"`);
    return Number(value);
  };
}

/** The CLI, built around handlers so tests can drive argument parsing with spies. */
export function createProgram(handlers: CommandHandlers): Command {
  const program = new Command('autopilot-benchmark')
    .description('Durable benchmark harness that measures how much an autopilot improves an LLM application.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('run')
    .description('Run benchmarks: baseline, autopilot iterations, train and held-out test evaluation.')
    .requiredOption('--config <path>', 'YAML config file')
    .option('--env <name>', 'run only the environment with this exact name')
    .option('--work-dir <path>', 'root output directory', '.')
    .option('--snapshot <dir>', 'restore the baseline from this snapshot instead of running it')
    .option('--num-iterations <n>', 'override num_iterations for all selected environments', integer('--num-iterations'))
    .option('--episodes <n>', 'override episodes_per_iteration and test_episodes_per_iteration', integer('--episodes'))
    .option('--seed <n>', 'seed for deterministic task selection', integer('--seed'))
    .option('--verbose', 'debug logging', false)
    .option('--remote-workers', 'do not run a worker in this process; workers elsewhere serve the queue', false)
    .action(async (opts) => {
      await handlers.run({
        config: opts.config,
        env: opts.env,
        workDir: opts.workDir,
        snapshot: opts.snapshot,
        numIterations: opts.numIterations,
        episodes: opts.episodes,
        seed: opts.seed,
        verbose: opts.verbose,
        remoteWorkers: opts.remoteWorkers,
      });
    });

  program
    .command('snapshot')
    .description('Run only the baseline and save it as a snapshot that `run --snapshot` can start from.')
    .requiredOption('--config <path>', 'YAML config file')
    .option('--env <name>', 'snapshot only the environment with this exact name')
    .option('--work-dir <path>', 'root for the run artifacts', '.')
    .option('--snapshot-dir <path>', 'root for snapshots', 'snapshots')
    .option('--verbose', 'debug logging', false)
    .option('--remote-workers', 'do not run a worker in this process', false)
    .action(async (opts) => {
      await handlers.snapshot({ config: opts.config, env: opts.env, workDir: opts.workDir, snapshotDir: opts.snapshotDir, verbose: opts.verbose, remoteWorkers: opts.remoteWorkers, mode: 'snapshot' });
    });

  program
    .command('status')
    .description('Show a run (phase, iteration, episodes, latest metrics, worker, checkpoint), or list recent runs.')
    .argument('[workflow-id]')
    .action(async (workflowId) => handlers.status(workflowId));

  for (const decision of ['retry', 'skip', 'abort'] as const) {
    const what = { retry: 'redo it from the last checkpoint', skip: 'leave it out and go on from the last checkpoint', abort: 'fail the run' }[decision];
    program
      .command(decision)
      .description(`A failed iteration waits for an operator: ${decision} = ${what}.`)
      .argument('<workflow-id>')
      .action(async (workflowId) => handlers.decide(workflowId, decision));
  }

  program
    .command('input')
    .description('Print the workflow input JSON for `temporal workflow start` (one line per environment).')
    .requiredOption('--config <path>', 'YAML config file')
    .option('--env <name>', 'only the environment with this exact name')
    .option('--work-dir <path>', 'root output directory', '.')
    .option('--num-iterations <n>', 'override num_iterations', integer('--num-iterations'))
    .option('--episodes <n>', 'override both episode counts', integer('--episodes'))
    .option('--seed <n>', 'seed for deterministic task selection', integer('--seed'))
    .action(async (opts) =>
      handlers.input({ config: opts.config, env: opts.env, workDir: opts.workDir, numIterations: opts.numIterations, episodes: opts.episodes, seed: opts.seed }),
    );

  program
    .command('worker')
    .description('Run a standalone worker that serves benchmark runs (connects to TEMPORAL_ADDRESS).')
    .option('--max-runs <n>', 'runs this worker holds at once', integer('--max-runs'))
    .action(async (opts) => handlers.worker({ maxRuns: opts.maxRuns }));

  addModelsCommand(program);
  return program;
}
