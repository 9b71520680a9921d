/**
 * Retries of train gateway calls for one session. Transient failures put the session in
 * `waiting_for_retry` and are retried after a delay; persistent or permanent ones fail the
 * session (or, on request, hand a permanent failure back to the caller).
 */
import type { Logger } from '../../common/logger';
import type { SessionState } from './session-state';
import { STOPPED, type SessionSteps, type Stoppable } from './session-steps';
import { TrainDataSourceError } from './strategy/train-data-source';

export interface SessionRetryOptions {
  /** wait before re-reading the gateway after a transient failure */
  retryDelayMs: number;
  /** reads attempted before the session fails */
  maxReadAttempts: number;
  logger: Logger;
}

export class SessionRetries {
  /** calls currently waiting to retry after a transient failure */
  private retrying = 0;

  constructor(
    private readonly state: SessionState,
    private readonly options: SessionRetryOptions,
    private readonly steps: Pick<SessionSteps, 'isStale' | 'pause' | 'fail'>,
  ) {}

  /**
   * Runs a read; transient failures put the session in `waiting_for_retry` (until a read
   * succeeds) and are retried after a delay; persistent or permanent ones fail the session.
   */
  readWithRetries<T>(generation: number, what: string, read: () => Promise<T>): Promise<Stoppable<T>> {
    return this.withRetries(generation, what, read, 'fail') as Promise<Stoppable<T>>;
  }

  /** `readWithRetries`, where `permanent: 'return'` hands a permanent failure back instead of failing the session. */
  async withRetries<T>(
    generation: number,
    what: string,
    read: () => Promise<T>,
    permanent: 'fail' | 'return',
  ): Promise<Stoppable<T | TrainDataSourceError>> {
    let inRetry = false;
    try {
      return await this.attemptWithRetries(generation, what, read, permanent, () => {
        if (!inRetry) this.retrying++;
        inRetry = true;
      });
    } finally {
      if (inRetry) this.retrying--;
      // concurrent scoring calls: the status stays until no call is in a retry cycle
      if (this.state.status === 'waiting_for_retry' && this.retrying === 0 && !this.steps.isStale(generation)) this.state.status = 'server_side_processing';
    }
  }

  private async attemptWithRetries<T>(
    generation: number,
    what: string,
    read: () => Promise<T>,
    permanent: 'fail' | 'return',
    onRetry: () => void,
  ): Promise<Stoppable<T | TrainDataSourceError>> {
    const attempts = this.options.maxReadAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await read();
        if (this.steps.isStale(generation)) return STOPPED;
        return value;
      } catch (err) {
        if (this.steps.isStale(generation)) return STOPPED;
        const retryable = err instanceof TrainDataSourceError && err.retryable;
        const message = (err as Error).message ?? String(err);
        if (!retryable && permanent === 'return' && err instanceof TrainDataSourceError) return err;
        if (!retryable || attempt >= attempts) {
          this.steps.fail(`Could not read ${what}${retryable ? ` after ${attempts} attempts` : ''}: ${message}`);
          return STOPPED;
        }
        this.options.logger.warn({ sessionId: this.state.id, attempt, err: message }, 'train gateway read failed; will retry');
        this.state.status = 'waiting_for_retry';
        this.state.append({
          type: 'status_update',
          status_update: { type: 'text', text: `Could not read ${what} (attempt ${attempt} of ${attempts}); retrying shortly.` },
        });
        onRetry();
        if (!(await this.steps.pause(this.options.retryDelayMs, generation))) return STOPPED;
      }
    }
  }
}
