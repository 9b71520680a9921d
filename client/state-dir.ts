import * as path from 'node:path';
import { projectRoot } from './project-root';

/** Where the CLI keeps the dev server's database, pid and log: $AUTOPILOT_BENCH_STATE_DIR or `<project>/.autopilot-benchmark`. */
export function stateDir(): string {
  return process.env.AUTOPILOT_BENCH_STATE_DIR ?? path.join(projectRoot(), '.autopilot-benchmark');
}

export function temporalAddress(): string {
  return process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE ?? 'default';
}
