import { Command, InvalidArgumentError, Option, type OptionValues } from 'commander';
import type { RunCommandOptions } from './run-command';
import type { CompareCommandOptions } from './compare-command';
import type { ArenaCommandOptions } from './arena-command';
import type { ReportCommandOptions } from './report-command';
import type { OperatorDecision } from '../workflows/shared';
import { addModelsCommand } from './models-command';

export interface CommandHandlers {
  run(options: RunCommandOptions): Promise<unknown>;
  snapshot(options: RunCommandOptions): Promise<unknown>;
  worker(options: { maxRuns?: number; config?: string }): Promise<void>;
  status(workflowId: string | undefined): Promise<void>;
  decide(workflowId: string, decision: OperatorDecision): Promise<void>;
  input(options: RunCommandOptions): Promise<void>;
  validate(options: RunCommandOptions): Promise<void>;
  compare(options: CompareCommandOptions): Promise<void>;
  arena(options: ArenaCommandOptions): Promise<void>;
  report(options: ReportCommandOptions): Promise<void>;
}

/** Where commander writes help (stdout) and usage errors (stderr); tests pass their own to read them. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * A parser for an integer flag of at least `min`. Beyond the safe-integer range a number would
 * silently change (a seed of 12345678901234567890 would be recorded as 12345678901234567000).
 */
function integer(flag: string, min = Number.MIN_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`${flag} must be an integer, got "${value}"`);
    if (parsed < min) throw new InvalidArgumentError(`${flag} must be at least ${min}, got "${value}"`);
    return parsed;
  };
}

/** `--seeds 1,2,3`: distinct integers, at least one (a repeated seed would be counted as two replicates). */
function seedList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const seeds = parts.map((part) => {
    const parsed = Number(part);
    if (!/^-?\d+$/.test(part) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`--seeds must be a comma-separated list of integers, got "${value}" ("${part}" is not an integer)`);
    return parsed;
  });
  const repeated = seeds.find((seed, index) => seeds.indexOf(seed) < index);
  if (repeated !== undefined) throw new InvalidArgumentError(`--seeds lists seed ${repeated} twice, got "${value}"`);
  return seeds;
}

/** `--seeds`, which commander refuses together with `--seed` before any handler runs. */
const seedsOption = () => new Option('--seeds <list>', 'one run per seed, e.g. 1,2,3 (overrides the YAML seeds)').argParser(seedList).conflicts('seed');

/** `--config a.yaml --config b.yaml` or `--config a.yaml,b.yaml`: the configs of a run matrix, in order. */
function collectConfigs(value: string, previous: string[] | undefined): string[] {
  const paths = value.split(',').map((part) => part.trim());
  if (paths.some((p) => p === '')) throw new InvalidArgumentError(`--config lists an empty path, got "${value}"`);
  const all = [...(previous ?? []), ...paths];
  const repeated = all.find((p, index) => all.indexOf(p) < index);
  if (repeated !== undefined) throw new InvalidArgumentError(`--config lists ${repeated} twice`);
  return all;
}

/** The flags `run` and `validate` share: what to run and the overrides (reference/original-harness.md §2.1). */
function withRunFlags(command: Command): Command {
  return command
    .addOption(new Option('--config <path>', 'YAML config file; repeat it or give a comma list to run a matrix of configs').argParser(collectConfigs).makeOptionMandatory())
    .option('--env <name>', 'run only the environment with this exact name')
    .option('--work-dir <path>', 'root output directory', '.')
    .option('--snapshot <dir>', 'restore the baseline from this snapshot instead of running it')
    .option('--num-iterations <n>', 'override num_iterations for all selected environments', integer('--num-iterations'))
    .option('--episodes <n>', 'override episodes_per_iteration and test_episodes_per_iteration', integer('--episodes'))
    .option('--seed <n>', 'seed for deterministic task selection', integer('--seed'))
    .addOption(seedsOption())
    .option('--verbose', 'debug logging', false);
}

function runFlagValues(opts: OptionValues): RunCommandOptions {
  const { config: configs, env, workDir, snapshot, numIterations, episodes, seed, seeds, verbose } = opts as OptionValues & { config: string[] };
  // `configs` only for a matrix of configs, so a single config reads as it always did
  return { config: configs[0], ...(configs.length > 1 && { configs }), env, workDir, snapshot, numIterations, episodes, seed, seeds, verbose };
}

/** The CLI, built around handlers so tests can drive argument parsing with spies. */
export function createProgram(handlers: CommandHandlers, output?: ProgramOutput): Command {
  const program = new Command('autopilot-benchmark')
    .description('Durable benchmark harness that measures how much an autopilot improves an LLM application.')
    .showHelpAfterError()
    .exitOverride();
  // Set before the subcommands are added: they copy the output settings when created.
  if (output) program.configureOutput(output);

  withRunFlags(program.command('run').description('Run benchmarks: baseline, autopilot iterations, train and held-out test evaluation.'))
    .option('--remote-workers', 'do not run a worker in this process; workers elsewhere serve the queue', false)
    .action(async (opts) => {
      await handlers.run({ ...runFlagValues(opts), remoteWorkers: opts.remoteWorkers });
    });

  withRunFlags(program.command('validate').description('Check a config and this machine as `run` does before it starts (names, keys, autopilot, ports, directories); starts nothing.')).action(
    async (opts) => handlers.validate(runFlagValues(opts)),
  );

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
    .addOption(seedsOption())
    .action(async (opts) =>
      handlers.input({ config: opts.config, env: opts.env, workDir: opts.workDir, numIterations: opts.numIterations, episodes: opts.episodes, seed: opts.seed, seeds: opts.seeds }),
    );

  program
    .command('compare')
    .description('Aggregate runs of one environment over seeds: per iteration the mean change against the baseline, its t-interval and a verdict.')
    .argument('<dirs...>', 'run directories, or directories to search for them (e.g. <work-dir>/<env>)')
    .option('--json', 'print the aggregate as JSON (compare/README.md documents the fields)', false)
    .addOption(new Option('--markdown', 'print a Markdown table ready to paste into a README').default(false).conflicts('json'))
    .action(async (dirs, opts) => handlers.compare({ dirs, json: opts.json, markdown: opts.markdown }));

  program
    .command('arena')
    .description('Run several autopilots on the same config, seeds and budget and rank them (final Δ with CI, paired wins/losses, calls, cost, wall time).')
    .requiredOption('--config <path>', 'YAML config file (its autopilot_budget applies to every autopilot)')
    .requiredOption('--autopilots <list>', 'comma-separated: builtin, placebo, model_switch, random_edit, gepa, dspy_mipro, dspy_gepa, http=<url>')
    .requiredOption('--seeds <list>', 'one run per seed and autopilot, e.g. 1,2,3', seedList)
    .option('--env <name>', 'run only the environment with this exact name')
    .option('--work-dir <path>', 'root output directory', '.')
    .option('--num-iterations <n>', 'override num_iterations', integer('--num-iterations'))
    .option('--episodes <n>', 'override both episode counts', integer('--episodes'))
    .option('--json', 'print the ranked table as JSON', false)
    .action(async (opts) =>
      handlers.arena({ config: opts.config, autopilots: opts.autopilots, seeds: opts.seeds, env: opts.env, workDir: opts.workDir, numIterations: opts.numIterations, episodes: opts.episodes, json: opts.json }),
    );

  program
    .command('report')
    .description('Write one self-contained HTML report (learning curve, variants, config diffs, autopilot transcripts) for runs.')
    .argument('<dirs...>', 'run directories, or directories to search for them (e.g. <work-dir>/<env>)')
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--ui-url <url>', 'Temporal Web UI base URL for workflow links (default $TEMPORAL_UI_URL or http://localhost:8233)')
    .action(async (dirs, opts) => handlers.report({ dirs, out: opts.out, uiUrl: opts.uiUrl }));

  program
    .command('worker')
    .description('Run a standalone worker that serves benchmark runs (connects to TEMPORAL_ADDRESS).')
    // 0 would make a worker that refuses every run and leaves it waiting forever.
    .option('--max-runs <n>', 'slots: runs this worker holds at once (default: infra.max_runs_per_worker of --config, else 2)', integer('--max-runs', 1))
    .option('--config <path>', 'YAML config whose infra.max_runs_per_worker sets the slots (--max-runs wins)')
    .action(async (opts) => handlers.worker({ maxRuns: opts.maxRuns, ...(opts.config !== undefined && { config: opts.config }) }));

  addModelsCommand(program, output ? (line) => output.writeOut(line + '\n') : undefined);
  return program;
}
