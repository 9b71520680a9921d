import type { RunResources } from './run-resources';

/**
 * The runs this worker process holds, keyed by run id. Gateways outlive single activities,
 * so they live here rather than in an activity's scope.
 */
export class RunRegistry {
  private readonly runs = new Map<string, RunResources>();

  /** @param recordGatewayDir remembers where this worker started gateways, so a later worker can reap them if this one dies */
  constructor(readonly recordGatewayDir: (logDir: string) => Promise<void> = async () => undefined) {}

  get(runId: string): RunResources | undefined {
    return this.runs.get(runId);
  }

  set(runId: string, resources: RunResources): void {
    this.runs.set(runId, resources);
  }

  delete(runId: string): void {
    this.runs.delete(runId);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  get size(): number {
    return this.runs.size;
  }
}
