import type { TrainDataSource } from '../builtin/strategy/train-data-source';
import { TrainDataSourceError } from '../builtin/strategy/train-data-source';
import { BudgetExhaustedError, type BudgetMeter } from './budget-meter';

/**
 * A train data source whose model calls (`infer`) are counted against a session's budget.
 * Reads (config, inferences, performances) cost nothing. A call over the budget fails like a
 * gateway 429 that will not clear (not retryable), so the caller treats it as a refused answer.
 */
export function meteredDataSource(source: TrainDataSource, meter: BudgetMeter): TrainDataSource {
  return {
    getConfig: () => source.getConfig(),
    listInferences: (functionName, limit) => source.listInferences(functionName, limit),
    getVariantPerformances: (functionName, metricName) => source.getVariantPerformances(functionName, metricName),
    async infer(request) {
      try {
        meter.begin();
      } catch (err) {
        if (err instanceof BudgetExhaustedError) throw new TrainDataSourceError(err.message, 'autopilot-budget', false, 429);
        throw err;
      }
      const result = await source.infer(request);
      meter.addCost(result.costUsd);
      return result;
    },
  };
}
