import * as wf from '@temporalio/workflow';
import { decideUpdate, type BenchmarkRunInput, type OperatorDecision, type RunProgress } from './shared';
import { describeFailure } from './failures';
import { setBenchStatus } from './run-progress';

export const DEFAULT_DECISION_TIMEOUT_SECONDS = 3600;

/**
 * The operator's say over a failed iteration: registers the `decide` update and waits for
 * retry / skip / abort while an iteration is waiting. A decision that arrives when none is
 * awaited is rejected by the validator, so it never lands in history.
 */
export class OperatorDecisions {
  private decision: OperatorDecision | null = null;

  constructor(
    private readonly input: BenchmarkRunInput,
    private readonly progress: RunProgress,
  ) {
    wf.setHandler(
      decideUpdate,
      (d) => {
        const iteration = progress.awaitingDecision?.iteration;
        this.decision = d;
        progress.awaitingDecision = null; // a second decision in the same batch is rejected by the validator
        return `${d} accepted for iteration ${iteration}`;
      },
      {
        validator: (d) => {
          if (!['retry', 'skip', 'abort'].includes(d)) throw new Error(`unknown decision "${d}" (expected retry, skip or abort)`);
          if (!progress.awaitingDecision || this.decision !== null) throw new Error(`no failed iteration is waiting for a decision (phase: ${progress.phase})`);
        },
      },
    );
  }

  /** Waits for retry / skip / abort on a failed iteration; no decision in time rethrows `err`. */
  async awaitFor(iteration: number, err: unknown): Promise<OperatorDecision> {
    const timeoutSeconds = this.input.decisionTimeoutSeconds ?? DEFAULT_DECISION_TIMEOUT_SECONDS;
    const message = describeFailure(err);
    this.progress.phase = 'awaiting-decision';
    this.progress.lastError = message;
    this.progress.awaitingDecision = { iteration, error: message, deadline: new Date(Date.now() + timeoutSeconds * 1000).toISOString() };
    setBenchStatus('awaiting-decision');
    this.decision = null;
    const decided = await wf.condition(() => this.decision !== null, `${timeoutSeconds} seconds`);
    this.progress.awaitingDecision = null;
    setBenchStatus('running');
    if (!decided) throw err;
    return this.decision as unknown as OperatorDecision;
  }
}
