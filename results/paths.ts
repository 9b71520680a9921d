import * as path from 'node:path';

/**
 * The layout of a run's work dir, as the original lays it out (reference/original-harness.md §7.1):
 * `<work-dir>/<env name>/<YYYYMMDDTHHMMSSZ>[_seed<N>]/…`.
 */

export type RolloutPhase = 'baseline' | 'post_autopilot';
export type RolloutSplit = 'train' | 'test';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDDTHHMMSSZ` in UTC; one timestamp is shared by every environment of an invocation. */
export function runTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

/** `<root>/<envName>/<timestamp>` plus `_seed<N>` when a CLI seed is given. */
export function runWorkDir(root: string, envName: string, timestamp: string, seed?: number | null): string {
  const leaf = seed === undefined || seed === null ? timestamp : `${timestamp}_seed${seed}`;
  return path.join(root, envName, leaf);
}

/** Iteration number zero-padded to 3 digits. */
export function iterationDirName(iteration: number): string {
  return `iteration_${pad(iteration, 3)}`;
}

/** The gateway config directory (`tensorzero.toml` + templates), edited in place by config writes. */
export const configDir = (workDir: string) => path.join(workDir, 'config');
export const configFile = (workDir: string) => path.join(configDir(workDir), 'tensorzero.toml');
/** Logs and runtime.json of the primary (train) gateway. */
export const gatewayDir = (workDir: string) => path.join(workDir, 'gateway');
/** Logs and runtime.json of the test gateway. */
export const testGatewayDir = (workDir: string) => path.join(gatewayDir(workDir), 'test');
export const autopilotIterationDir = (workDir: string, iteration: number) => path.join(workDir, 'autopilot', iterationDirName(iteration));
/** `rollouts/iteration_NNN/{baseline|post_autopilot}/{train|test}` */
export const rolloutDir = (workDir: string, iteration: number, phase: RolloutPhase, split: RolloutSplit) =>
  path.join(workDir, 'rollouts', iterationDirName(iteration), phase, split);
/** The `snapshot` command's baseline rollouts: `rollouts/baseline/{train|test}` (no iteration level). */
export const snapshotRolloutDir = (workDir: string, split: RolloutSplit) => path.join(workDir, 'rollouts', 'baseline', split);
export const resultsDir = (workDir: string) => path.join(workDir, 'results');
export const runJsonPath = (workDir: string) => path.join(resultsDir(workDir), 'run.json');
export const iterationsJsonPath = (workDir: string) => path.join(resultsDir(workDir), 'iterations.json');
/** The full end-of-run summary table (the console shows a brief one). */
export const summaryTxtPath = (workDir: string) => path.join(resultsDir(workDir), 'summary.txt');
/** Everything `run` logged, as pino JSON lines (the console shows warnings, errors and progress). */
export const runLogPath = (workDir: string) => path.join(workDir, 'run.log.jsonl');
/** Root of the autopilot session artifacts (`autopilot/iteration_NNN/…`). */
export const autopilotRoot = (workDir: string) => path.join(workDir, 'autopilot');
/** Root of the rollout artifacts (`rollouts/…`). */
export const rolloutsRoot = (workDir: string) => path.join(workDir, 'rollouts');
/** The built-in train gateway's SQLite store (WAL: `-wal`/`-shm` files sit next to it). */
export const trainStoreFile = (workDir: string) => path.join(gatewayDir(workDir), 'store.sqlite');
/** The built-in test gateway's SQLite store. */
export const testStoreFile = (workDir: string) => path.join(testGatewayDir(workDir), 'store.sqlite');
