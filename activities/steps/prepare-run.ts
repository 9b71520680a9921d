import { promises as fs } from 'node:fs';
import { createRunRecorder } from '../../results/recorder';
import { effectiveSeed } from '../../config/derived';
import type { BenchmarkRunInput } from '../../workflows/shared';

/** Creates the work dir and the run record (`run.json` status running, empty `iterations.json`). */
export async function prepareRun(input: BenchmarkRunInput): Promise<void> {
  await fs.mkdir(input.workDir, { recursive: true });
  await startRunRecord(input);
}

/** Writes this run's `run.json` (kept as is when it already belongs to this run). */
export async function startRunRecord(input: BenchmarkRunInput) {
  const recorder = createRunRecorder(input.workDir);
  await recorder.startRun({
    id: input.runId,
    environment_name: input.env.name,
    autopilot_target: input.autopilotTarget.kind,
    autopilot_base_url: input.autopilotTarget.base_url ?? null,
    eval_config: input.env,
    seed: effectiveSeed(input.seed, input.env),
  });
  return recorder;
}
