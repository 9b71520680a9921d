import { optimizerReport } from './optimizer-report';
import type { OptimizerResult } from './python-helper';

const result = (over: Partial<OptimizerResult>): OptimizerResult => ({ system_prompt: 'p', demos: [], candidates: [], metric_calls: 10, stopped_by_budget: false, notes: [], ...over });

test('lists calls, grades and each candidate with its score, one line per candidate', () => {
  const text = optimizerReport('gepa', result({ candidates: [{ prompt: 'Find  the\nnames.', score: 0.5 }, { prompt: 'x'.repeat(200), score: 1 }] }), { modelCalls: 15, grades: 10, refused: 0 }, 15);
  expect(text).toBe(`gepa finished: 15 model calls through the gateway, 10 graded answers; 10 metric calls.\nCandidates (validation score):\n  1. score 0.500: Find the names.\n  2. score 1.000: ${'x'.repeat(160)}`);
});

test('says when the optimiser went past its metric-call limit, and when the budget refused calls', () => {
  const text = optimizerReport('dspy_gepa', result({ metric_calls: 23, notes: ['stopped: the harness refused a model call'] }), { modelCalls: 24, grades: 23, refused: 1 }, 15);
  expect(text).toContain('24 model calls through the gateway, 23 graded answers, 1 call(s) refused by the budget; 23 metric calls (over the 15 it was given:');
  expect(text).toContain('  (none reported)\nstopped: the harness refused a model call');
  expect(optimizerReport('gepa', result({ metric_calls: 15 }), { modelCalls: 15, grades: 15, refused: 0 }, 15)).not.toContain('over the');
});
