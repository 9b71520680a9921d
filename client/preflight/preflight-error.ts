import { redactSecrets } from '../../common/secrets';

/** The checks preflight runs; every problem names the one it came from. */
export type PreflightCheck = 'environment' | 'function' | 'metric' | 'model-key' | 'autopilot-target' | 'directory' | 'disk' | 'port' | 'gateway-binary' | 'snapshot' | 'checkpoint-storage';

/** One thing that would make a run fail: which check, where (a config key path or a file), what is wrong. */
export interface PreflightProblem {
  check: PreflightCheck;
  /** `environments[0].function_name`, `--work-dir /x`, `infra.gateway_port` */
  where: string;
  message: string;
}

/** What preflight found: problems stop the run; warnings (dropped models, ignored keys) are printed and the run goes on. */
export interface PreflightReport {
  problems: PreflightProblem[];
  warnings: string[];
}

/** Every problem preflight found, one per line, so a user fixes them all in one pass. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  constructor(
    readonly file: string,
    readonly problems: PreflightProblem[],
  ) {
    super(redactSecrets(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} found before the run started:\n${problems.map(formatPreflightProblem).join('\n')}`));
  }
}

export function formatPreflightProblem(problem: PreflightProblem): string {
  return `  - [${problem.check}] ${problem.where}: ${problem.message}`;
}
