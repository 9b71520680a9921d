/** The transcript line a finished optimiser run gets: what it spent and every candidate it scored. */
import type { ModelEndpointStats } from './model-endpoint';
import type { OptimizerResult } from './python-helper';

export function optimizerReport(optimizer: string, result: OptimizerResult, stats: ModelEndpointStats, maxMetricCalls: number): string {
  const calls = `${stats.modelCalls} model calls through the gateway, ${stats.grades} graded answers${stats.refused > 0 ? `, ${stats.refused} call(s) refused by the budget` : ''}`;
  // DSPy GEPA finishes an evaluation it has started, so it can pass its limit: say so rather than
  // let the transcript claim a limit it did not keep (the model-call budget is what is enforced)
  const over = result.metric_calls > maxMetricCalls ? ` (over the ${maxMetricCalls} it was given: it finishes an evaluation it has started; the harness caps model calls, not metric calls)` : '';
  const tried = result.candidates.map((c, i) => `  ${i + 1}. score ${c.score.toFixed(3)}: ${c.prompt.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
  const notes = result.notes.length ? `\n${result.notes.join('\n')}` : '';
  return `${optimizer} finished: ${calls}; ${result.metric_calls} metric calls${over}.\nCandidates (validation score):\n${tried || '  (none reported)'}${notes}`;
}
