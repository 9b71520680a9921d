import * as wf from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import { BenchConfig, CurrentIteration, Environment, FinalDelta, Seed, type BenchmarkRunInput } from './shared';

/** The part of a config path the UI shows: its file name (no Node `path` in the sandbox). */
function configName(configPath: string): string {
  return configPath.split(/[\\/]/).pop() ?? configPath;
}

/**
 * The run's memo: where it came from and where its files are, plus a short config summary for
 * the run's page in the Web UI. `status` reads `environment`, `config` and `workDir` from it.
 */
export function runMemo(input: BenchmarkRunInput): Record<string, unknown> {
  const env = input.env;
  return {
    config: input.configPath,
    environment: env.name,
    workDir: input.workDir,
    runId: input.runId,
    configSummary: {
      seed: input.seed,
      mode: input.mode ?? 'run',
      num_iterations: env.num_iterations,
      episodes_per_iteration: env.episodes_per_iteration,
      function_name: env.function_name,
      metric_name: env.metric_name,
      available_models: env.available_models,
      autopilot: input.autopilotTarget.kind,
      snapshot: input.snapshot,
    },
  };
}

/** The search attributes that say which run this is (environment, seed, config file). */
export function identitySearchAttributes(input: BenchmarkRunInput): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: Environment, value: input.env.name },
    { key: BenchConfig, value: configName(input.configPath) },
  ];
  if (input.seed !== null) pairs.push({ key: Seed, value: input.seed });
  return pairs;
}

/** One line for the UI's list view. */
export function runSummary(input: BenchmarkRunInput): string {
  return `${input.mode === 'snapshot' ? 'snapshot of ' : ''}${input.env.name}${input.seed !== null ? ` seed ${input.seed}` : ''} — ${configName(input.configPath)}`;
}

// Runs that started before the workflow described itself replay without these commands.
const SELF_DESCRIBED = 'self-described-run';

/**
 * Inside the workflow, first thing: the identity search attributes and the memo, so a run
 * started with plain `temporal workflow start` is listed and filterable like one `run` started.
 */
export function describeRunToServer(input: BenchmarkRunInput): void {
  if (!wf.patched(SELF_DESCRIBED)) return;
  wf.upsertSearchAttributes([...identitySearchAttributes(input), { key: CurrentIteration, value: 0 }]);
  wf.upsertMemo(runMemo(input));
}

/** The iteration being worked on, as a search attribute. */
export function setCurrentIteration(iteration: number): void {
  if (wf.patched(SELF_DESCRIBED)) wf.upsertSearchAttributes([{ key: CurrentIteration, value: iteration }]);
}

/** At the end of a completed run: its final paired Δ vs baseline, when it has one. */
export function setFinalDelta(delta: number | null | undefined): void {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return;
  if (wf.patched(SELF_DESCRIBED)) wf.upsertSearchAttributes([{ key: FinalDelta, value: delta }]);
}
