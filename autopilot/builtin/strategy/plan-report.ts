/** The plan in plain words, for the session's message events. */
import type { OptimizationPlan } from './plan-optimization';
import type { VariantStats } from './variant-analysis';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

function variantLine(stats: VariantStats, unit: string): string {
  const metric =
    stats.metricMean === null
      ? 'no metric feedback yet'
      : `mean ${stats.metricMean.toFixed(3)}${stats.ciError !== null ? ` ± ${stats.ciError.toFixed(3)}` : ''} over ${stats.metricCount} ${unit}`;
  const invalid = stats.inferenceCount > 0 ? `; ${percent(stats.invalidCount, stats.inferenceCount)} of its ${stats.inferenceCount} stored outputs were invalid` : '';
  const where = stats.inConfig ? '' : ' (no longer in the config)';
  return `- ${stats.variantName}${stats.model ? ` on ${stats.model}` : ''}${where}: ${metric}${invalid}`;
}

/** What the data says about the function and its variants. */
export function describeAnalysis(plan: OptimizationPlan): string {
  const a = plan.analysis;
  const unit = a.metric.level === 'episode' ? 'episodes' : 'inferences';
  const direction = a.metric.optimize === 'max' ? 'higher is better' : 'lower is better';
  const lines = [
    `I analysed ${a.functionName} (a ${a.functionType} function) against ${a.metricName} (${a.metric.type}, ${direction}, ${a.metric.level} level).`,
    `There are ${a.totalInferences} stored inferences; ${percent(a.invalidCount, a.totalInferences)} of them produced output that did not parse or match the output schema.`,
    'Per variant:',
    ...a.variants.map((v) => variantLine(v, unit)),
    a.bestReason === 'highest_metric'
      ? `The best variant so far is ${a.bestVariant}; I will build on its prompt.`
      : `There is no metric feedback yet, so I will build on the baseline ${a.bestVariant}.`,
  ];
  return lines.join('\n');
}

/** What the proposed edits do and why. */
export function describeProposal(plan: OptimizationPlan): string {
  if (plan.candidates.length === 0) {
    return `I have nothing new to propose for ${plan.analysis.functionName}: every prompt and model combination I would try is already in the config.`;
  }
  const models =
    plan.modelsSource === 'message'
      ? `the models you made available (${plan.models.join(', ')})`
      : `the baseline's model ${plan.baseModel}, since the request lists no models`;
  const lines = [
    `Found ${plan.successfulExamples} successful train inferences to learn from. Using ${models}, I propose:`,
    ...plan.candidates.map(
      (c) => `- ${c.name}: ${c.model}, the prompt of ${plan.baseVariant} plus explicit output-format instructions and ${c.fewShotCount} worked examples from successful inferences`,
    ),
    `and a track_and_stop experiment on ${plan.analysis.metricName} comparing ${plan.baseVariant} with the new variants, so traffic moves to the winner as evidence accumulates.`,
  ];
  return lines.join('\n');
}
