/**
 * The per-iteration autopilot budget (`autopilot_budget` in the config): every model call an
 * autopilot makes through the harness is counted here, and once the limit is reached further
 * calls are refused, so built-in and third-party autopilots compete on equal terms.
 */

/** The configured limits; null = no limit on that measure. */
export interface AutopilotBudget {
  max_model_calls: number | null;
  max_cost_usd: number | null;
}

/** What a session used, as recorded in `iterations.json` (`autopilot_budget`). */
export interface BudgetUsage {
  limit: AutopilotBudget;
  model_calls: number;
  /** USD as the gateway reported it; calls without a reported cost add nothing */
  cost_usd: number;
  /** calls refused because the budget was spent */
  refused_calls: number;
  /** true once a call was refused: the autopilot was stopped and scored with what it wrote */
  stopped: boolean;
}

export const NO_BUDGET: AutopilotBudget = Object.freeze({ max_model_calls: null, max_cost_usd: null });

/** A refused call: the budget of this session is spent. */
export class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';
  constructor(readonly usage: BudgetUsage) {
    super(`the autopilot budget of this iteration is spent (${describeUsage(usage)})`);
  }
}

export function describeUsage(usage: BudgetUsage): string {
  const calls = usage.limit.max_model_calls === null ? `${usage.model_calls} calls` : `${usage.model_calls} of ${usage.limit.max_model_calls} calls`;
  const cost = usage.limit.max_cost_usd === null ? `$${usage.cost_usd.toFixed(4)}` : `$${usage.cost_usd.toFixed(4)} of $${usage.limit.max_cost_usd}`;
  return `${calls}, ${cost}`;
}

export class BudgetMeter {
  private calls = 0;
  private cost = 0;
  private refused = 0;

  constructor(readonly limit: AutopilotBudget) {}

  /** Counts one call about to be made, or throws `BudgetExhaustedError` when none is left. */
  begin(): void {
    const { max_model_calls: maxCalls, max_cost_usd: maxCost } = this.limit;
    if ((maxCalls !== null && this.calls >= maxCalls) || (maxCost !== null && this.cost >= maxCost)) {
      this.refused++;
      throw new BudgetExhaustedError(this.usage());
    }
    this.calls++;
  }

  /** Adds the cost the gateway reported for a call that `begin` allowed. */
  addCost(costUsd: number | null): void {
    if (costUsd !== null && Number.isFinite(costUsd)) this.cost += costUsd;
  }

  usage(): BudgetUsage {
    return { limit: this.limit, model_calls: this.calls, cost_usd: this.cost, refused_calls: this.refused, stopped: this.refused > 0 };
  }
}

/**
 * The meters of a run's sessions by session id, so the iteration step can record what its
 * session used. Lives as long as the worker's run resources.
 */
export class BudgetLedger {
  private readonly meters = new Map<string, BudgetMeter>();

  constructor(readonly limit: AutopilotBudget) {}

  open(sessionId: string): BudgetMeter {
    const meter = new BudgetMeter(this.limit);
    this.meters.set(sessionId, meter);
    return meter;
  }

  usage(sessionId: string | null): BudgetUsage | null {
    return sessionId === null ? null : (this.meters.get(sessionId)?.usage() ?? null);
  }
}
