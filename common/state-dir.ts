import * as path from 'node:path';
import { findProjectRoot } from './project-root';

/** Where the CLI and workers keep local state (the dev server's database, pid and log; worker records): $AUTOPILOT_BENCH_STATE_DIR or `<project>/.autopilot-benchmark`. */
export function stateDir(): string {
  return process.env.AUTOPILOT_BENCH_STATE_DIR ?? path.join(findProjectRoot(__dirname), '.autopilot-benchmark');
}

export function temporalAddress(): string {
  return process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE ?? 'default';
}
