/** Why `compare` refused its input; each kind is a different thing for the user to fix. */
export type CompareProblem =
  | 'no-run-dirs'
  | 'unreadable-record'
  | 'invalid-record'
  | 'mixed-environments'
  | 'mixed-metrics'
  | 'duplicate-seed'
  | 'no-paired-records';

/**
 * Input `compare` cannot aggregate. The message names the files, key paths and values involved;
 * `details` carries the same facts for callers that want them as data.
 */
export class CompareError extends Error {
  override readonly name = 'CompareError';
  constructor(
    readonly problem: CompareProblem,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
