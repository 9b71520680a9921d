import { metricCallsWithinBudget, optimizerSettingsFromYaml } from './optimizer-settings';

test('without a budget an optimiser gets the default 24 candidate evaluations', () => {
  expect(metricCallsWithinBudget(null)).toBe(24);
  expect(optimizerSettingsFromYaml({ optimizer: 'gepa' }, 1).maxMetricCalls).toBe(24);
  // the helper's wait for one call; the worker raises it for CPU-run local models
  expect(optimizerSettingsFromYaml({ optimizer: 'gepa' }, 1).requestTimeoutS).toBe(120);
});

test('a budget too small for the default leaves a third of it, and one call, for reflection', () => {
  expect(metricCallsWithinBudget(24)).toBe(15);
  expect(metricCallsWithinBudget(8)).toBe(4);
  expect(metricCallsWithinBudget(1)).toBe(1);
  // a large budget does not raise the default
  expect(metricCallsWithinBudget(60)).toBe(24);
  expect(optimizerSettingsFromYaml({ optimizer: 'dspy_gepa' }, 1, 24).maxMetricCalls).toBe(15);
});

test("the config's own max_metric_calls wins over the budget's share", () => {
  expect(optimizerSettingsFromYaml({ optimizer: 'gepa', max_metric_calls: 30 }, 1, 24).maxMetricCalls).toBe(30);
});
