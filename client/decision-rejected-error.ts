import type { OperatorDecision } from '../workflows/shared';

/** `retry|skip|abort` was refused by the run (no iteration waits for a decision, or the run is closed). */
export class DecisionRejectedError extends Error {
  override readonly name = 'DecisionRejectedError';
  constructor(
    readonly workflowId: string,
    readonly decision: OperatorDecision,
    readonly reason: string,
  ) {
    super(`${decision} was not accepted by ${workflowId}: ${reason}`);
  }
}
