import * as path from 'node:path';
import { planMatrix } from './run-inputs';
import { preflightRuns } from './preflight/run-preflight';
import type { RunCommandOptions } from './run-command';
import type { Output } from './run-command';

/**
 * `autopilot-benchmark validate`: loads the config with the `run` flags and runs the checks `run`
 * makes before it starts anything; starts nothing itself (no Temporal server, no gateway). Every
 * problem ends in one `PreflightError` (exit 1); otherwise warnings, then a one-line OK.
 */
export async function validateCommand(options: RunCommandOptions, out: Output): Promise<void> {
  const runs = planMatrix(options);
  const { warnings } = await preflightRuns(runs);
  for (const warning of warnings) out(`warning: ${warning}`);
  // one entry per run of the matrix: environment, and its seed when --seed/--seeds gave one
  const names = runs.map(({ input }) => (input.seed === null ? input.env.name : `${input.env.name} seed ${input.seed}`)).join(', ');
  out(`OK: ${(options.configs ?? [options.config]).map((config) => path.resolve(config)).join(', ')}: ${runs.length} run${runs.length === 1 ? '' : 's'} ready (${names})`);
}
