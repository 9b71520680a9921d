import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { applyRunOverrides, runSeeds, type RunOverrides } from '../config/overrides';
import { runTimestamp, runWorkDir } from '../results/paths';
import { uuid7 } from '../common/uuid7';
import { isS3Url } from '../common/s3-location';
import type { BenchmarkRunInput } from '../workflows/shared';
import { DEFAULT_DECISION_TIMEOUT_SECONDS } from '../workflows/operator-decisions';

export interface RunInputOptions extends RunOverrides {
  config: string;
  /** `run --config a.yaml --config b.yaml` (or `a.yaml,b.yaml`): every config of a matrix, `config` first */
  configs?: string[];
  workDir: string;
  mode?: 'run' | 'snapshot';
  snapshotDir?: string;
  /** someone watches the terminal: a failed iteration may wait longer for them */
  interactive?: boolean;
}

/** The wait for an operator when the config sets none and someone watches `run` in a terminal. */
export const ATTENDED_DECISION_TIMEOUT_SECONDS = 3600;

export interface PlannedRun {
  workflowId: string;
  input: BenchmarkRunInput;
}

/**
 * Resolves a config and the CLI's overrides into one workflow input per selected environment and
 * seed (`--seeds` or the YAML `seeds` give several), environment by environment, with the
 * original's work-dir naming: one timestamp per invocation,
 * `<work-dir>/<env>/<timestamp>[_seed<N>]` (snapshot runs take no seed).
 */
export function planRuns(options: RunInputOptions, now: Date = new Date()): PlannedRun[] {
  const configPath = path.resolve(options.config);
  const resolved = applyRunOverrides(loadConfig(configPath), options);
  const snapshotMode = options.mode === 'snapshot';
  const timestamp = runTimestamp(now);
  const root = path.resolve(options.workDir);
  const infra = resolved.config.infra;
  return resolved.config.environments.flatMap((env) =>
    runSeeds(resolved, env, snapshotMode).map((seed) => {
      const runId = uuid7();
      return {
        // The run id's random tail: two runs started in the same second never share a workflow id.
        workflowId: `bench-${snapshotMode ? 'snapshot-' : ''}${env.name}-${timestamp}${seed !== null ? `-seed${seed}` : ''}-${runId.slice(-8)}`,
        input: {
          runId,
          configPath,
          workDir: runWorkDir(root, env.name, timestamp, seed),
          env,
          infra,
          autopilotTarget: resolved.config.autopilot_target,
          autopilotBudget: resolved.config.autopilot_budget,
          interlocutor: resolved.config.interlocutor,
          seed,
          cwd: process.cwd(),
          snapshot: resolved.snapshot ? path.resolve(resolved.snapshot) : null,
          mode: snapshotMode ? 'snapshot' : 'run',
          snapshotDir: snapshotMode ? path.resolve(options.snapshotDir ?? 'snapshots') : null,
          checkpointRoot: infra.checkpoint_dir ? (isS3Url(infra.checkpoint_dir) ? infra.checkpoint_dir : path.resolve(infra.checkpoint_dir)) : null,
          decisionTimeoutSeconds: infra.failure_decision_timeout ?? (options.interactive ? ATTENDED_DECISION_TIMEOUT_SECONDS : DEFAULT_DECISION_TIMEOUT_SECONDS),
          heartbeatTimeoutSeconds: infra.worker_heartbeat_timeout,
          scheduleToStartTimeoutSeconds: infra.worker_schedule_to_start_timeout,
        },
      };
    }),
  );
}

/**
 * A run matrix: every selected environment × seed of every config (`configs`, else `config`),
 * config by config, all under one invocation timestamp. Two configs may name the same
 * environment: their work dirs then differ by the `_2` suffix `claimRunDir` gives the second.
 */
export function planMatrix(options: RunInputOptions, now: Date = new Date()): PlannedRun[] {
  return (options.configs ?? [options.config]).flatMap((config) => planRuns({ ...options, config }, now));
}
