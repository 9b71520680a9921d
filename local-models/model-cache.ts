import * as path from 'node:path';
import { stateDir } from '../common/state-dir';

export const MODEL_DIR_VARIABLE = 'AUTOPILOT_BENCH_MODEL_DIR';

/** Where pulled GGUF files live: $AUTOPILOT_BENCH_MODEL_DIR or `<project>/.autopilot-benchmark/models`. */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[MODEL_DIR_VARIABLE] ?? path.join(stateDir(), 'models');
}
