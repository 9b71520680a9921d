import * as wf from '@temporalio/workflow';
import { AWAITING_DECISION_MEMO, decideSignal, decideUpdate, type BenchmarkRunInput, type OperatorDecision, type RunProgress } from './shared';
import { describeFailure } from './failures';
import { setBenchStatus, setPhase } from './run-progress';

/**
 * How long a failed iteration waits when the input names no timeout (a run started by hand with
 * `temporal workflow start`): short, because nobody may be watching. The CLI passes its own.
 */
export const DEFAULT_DECISION_TIMEOUT_SECONDS = 120;

const DECISIONS: readonly string[] = ['retry', 'skip', 'abort'] satisfies OperatorDecision[];

/**
 * The operator's say over a failed iteration: waits for retry / skip / abort while an iteration
 * is waiting. Two ways in: the `decide` update (the caller learns whether it was taken; needs a
 * worker) and the `decideSignal` signal (stored at once, taken when a worker returns). A
 * decision that arrives when none is awaited is refused (update) or dropped with a warning
 * (signal), so a stale decision never applies to a later failure.
 */
export class OperatorDecisions {
  private decision: OperatorDecision | null = null;

  constructor(
    private readonly input: BenchmarkRunInput,
    private readonly progress: RunProgress,
  ) {
    wf.setHandler(decideUpdate, (d) => this.take(d), { validator: (d) => this.check(d) });
    wf.setHandler(decideSignal, (d) => {
      try {
        this.check(d);
        wf.log.info(this.take(d));
      } catch (err) {
        wf.log.warn('operator decision dropped', { decision: d, reason: (err as Error).message });
      }
    });
  }

  private check(d: string): void {
    if (!DECISIONS.includes(d)) throw new Error(`unknown decision "${d}" (expected retry, skip or abort)`);
    if (!this.progress.awaitingDecision || this.decision !== null) throw new Error(`no failed iteration is waiting for a decision (phase: ${this.progress.phase})`);
  }

  private take(d: OperatorDecision): string {
    const iteration = this.progress.awaitingDecision?.iteration;
    this.decision = d;
    this.progress.awaitingDecision = null; // a second decision in the same batch is refused by check()
    return `${d} accepted for iteration ${iteration}`;
  }

  /** Waits for retry / skip / abort on a failed iteration; no decision in time rethrows `err`. */
  async awaitFor(iteration: number, err: unknown): Promise<OperatorDecision> {
    const timeoutSeconds = this.input.decisionTimeoutSeconds ?? DEFAULT_DECISION_TIMEOUT_SECONDS;
    const message = describeFailure(err);
    const step = this.progress.phase;
    setPhase(this.progress, 'awaiting-decision');
    this.progress.lastError = message;
    this.progress.awaitingDecision = { iteration, step, error: message, deadline: new Date(Date.now() + timeoutSeconds * 1000).toISOString() };
    // In the memo too: `status` and `run` read it from the server, with or without a worker.
    // (patched: runs that began waiting before this change replay without the memo commands)
    const memo = wf.patched('awaiting-decision-memo');
    if (memo) wf.upsertMemo({ [AWAITING_DECISION_MEMO]: this.progress.awaitingDecision });
    setBenchStatus('awaiting-decision');
    this.decision = null;
    const decided = await wf.condition(() => this.decision !== null, `${timeoutSeconds} seconds`);
    this.progress.awaitingDecision = null;
    if (memo) wf.upsertMemo({ [AWAITING_DECISION_MEMO]: null });
    setBenchStatus('running');
    if (!decided) throw err;
    return this.decision as unknown as OperatorDecision;
  }
}
