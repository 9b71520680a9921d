import { BudgetExhaustedError, BudgetLedger, BudgetMeter } from './budget-meter';
import { meteredDataSource } from './metered-data-source';
import { TrainDataSourceError, type TrainDataSource } from '../builtin/strategy/train-data-source';

function fakeSource(costUsd: number | null): TrainDataSource & { inferCalls: number } {
  const source = {
    inferCalls: 0,
    getConfig: async () => ({ config: { functions: {}, metrics: {} }, hash: 'h' }) as never,
    listInferences: async () => [],
    getVariantPerformances: async () => [],
    infer: async () => {
      source.inferCalls++;
      return { output: [], text: 'ok', costUsd };
    },
  };
  return source;
}

test('a call limit allows exactly that many calls, then refuses and says so', () => {
  const meter = new BudgetMeter({ max_model_calls: 2, max_cost_usd: null });
  meter.begin();
  meter.begin();
  expect(() => meter.begin()).toThrow(BudgetExhaustedError);
  expect(() => meter.begin()).toThrow(/2 of 2 calls/);
  expect(meter.usage()).toEqual({ limit: { max_model_calls: 2, max_cost_usd: null }, model_calls: 2, cost_usd: 0, refused_calls: 2, stopped: true });
});

test('a cost limit refuses the first call after the reported cost reached it', () => {
  const meter = new BudgetMeter({ max_model_calls: null, max_cost_usd: 0.01 });
  meter.begin();
  meter.addCost(0.006);
  meter.begin();
  meter.addCost(0.006);
  expect(() => meter.begin()).toThrow(BudgetExhaustedError);
  expect(meter.usage().cost_usd).toBeCloseTo(0.012);
  expect(meter.usage().model_calls).toBe(2);
});

test('without limits nothing is refused and usage still counts', () => {
  const meter = new BudgetMeter({ max_model_calls: null, max_cost_usd: null });
  for (let i = 0; i < 50; i++) meter.begin();
  meter.addCost(null);
  expect(meter.usage()).toMatchObject({ model_calls: 50, cost_usd: 0, stopped: false });
});

test('the metered data source counts model calls only, and a refused call never reaches the gateway', async () => {
  const source = fakeSource(0.5);
  const meter = new BudgetMeter({ max_model_calls: 1, max_cost_usd: null });
  const metered = meteredDataSource(source, meter);
  await metered.getConfig();
  await metered.listInferences('f', 10);
  await metered.infer({ kind: 'model', modelName: 'sim::small', system: 's', user: 'u' });
  const refused = await metered.infer({ kind: 'model', modelName: 'sim::small', system: 's', user: 'u' }).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(TrainDataSourceError);
  expect(refused).toMatchObject({ status: 429, retryable: false });
  expect(source.inferCalls).toBe(1);
  expect(meter.usage()).toMatchObject({ model_calls: 1, cost_usd: 0.5, refused_calls: 1, stopped: true });
});

test('the ledger keeps one meter per session and knows nothing of other sessions', () => {
  const ledger = new BudgetLedger({ max_model_calls: 3, max_cost_usd: null });
  ledger.open('a').begin();
  ledger.open('b');
  expect(ledger.usage('a')?.model_calls).toBe(1);
  expect(ledger.usage('b')?.model_calls).toBe(0);
  expect(ledger.usage('c')).toBeNull();
  expect(ledger.usage(null)).toBeNull();
});
