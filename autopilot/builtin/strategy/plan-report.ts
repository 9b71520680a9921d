/** The plan in plain words, for the session's message events: the analysis, its error modes and the proposal. */
import type { CandidateVariant, SkippedStrategy, StrategyLabel } from './candidate-planning';
import type { ErrorModes } from './error-modes';
import type { OptimizationPlan } from './plan-optimization';
import type { UsageStats } from './usage-stats';
import type { FunctionAnalysis, VariantStats } from './variant-analysis';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

function usd(value: number): string {
  return value >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
}

/** "cost $0.00012/inference ($0.0024 total), 180→40 tokens, latency p50 120 ms / p90 300 ms", or '' without data. */
export function describeUsage(usage: UsageStats): string {
  const parts: string[] = [];
  if (usage.costMeanUsd !== null && usage.costTotalUsd !== null) parts.push(`cost ${usd(usage.costMeanUsd)}/inference (${usd(usage.costTotalUsd)} total)`);
  if (usage.inputTokensMean !== null && usage.outputTokensMean !== null) parts.push(`${Math.round(usage.inputTokensMean)}→${Math.round(usage.outputTokensMean)} tokens`);
  if (usage.latencyP50Ms !== null && usage.latencyP90Ms !== null) parts.push(`latency p50 ${Math.round(usage.latencyP50Ms)} ms / p90 ${Math.round(usage.latencyP90Ms)} ms`);
  return parts.join(', ');
}

function variantLine(stats: VariantStats, unit: string): string {
  const metric =
    stats.metricMean === null
      ? 'no metric feedback yet'
      : `mean ${stats.metricMean.toFixed(3)}${stats.ciError !== null ? ` ± ${stats.ciError.toFixed(3)}` : ''} over ${stats.metricCount} ${unit}`;
  const invalid = stats.inferenceCount > 0 ? `; ${percent(stats.invalidCount, stats.inferenceCount)} of its ${stats.inferenceCount} stored outputs were invalid` : '';
  const usage = stats.usage && stats.inferenceCount > 0 ? describeUsage(stats.usage) : '';
  const where = stats.inConfig ? '' : ' (no longer in the config)';
  return `- ${stats.variantName}${stats.model ? ` on ${stats.model}` : ''}${where}: ${metric}${invalid}${usage ? `; ${usage}` : ''}`;
}

/** What the data says about the function and its variants. */
export function describeAnalysis(plan: { analysis: FunctionAnalysis }): string {
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
  const errors = a.errorModes ? describeErrorModes(a) : '';
  return errors ? `${lines.join('\n')}\n\n${errors}` : lines.join('\n');
}

function errorModeLines(modes: ErrorModes, maxCategories: number): string[] {
  const lines: string[] = [];
  const invalid = [
    [modes.invalid.unparseable_json, 'unparseable JSON'],
    [modes.invalid.schema_violation, 'JSON that violates the output schema'],
    [modes.invalid.empty_output, 'empty outputs'],
  ].filter(([n]) => (n as number) > 0);
  if (invalid.length > 0) lines.push(`Invalid outputs: ${invalid.map(([n, what]) => `${n} ${what}`).join(', ')}.`);
  const misuse = [
    [modes.toolMisuse.unknown_tool, 'calls to unknown tools'],
    [modes.toolMisuse.invalid_arguments, 'tool calls with invalid arguments'],
    [modes.toolMisuse.missing_tool_call, 'replies without the required tool call'],
  ].filter(([n]) => (n as number) > 0);
  if (misuse.length > 0) lines.push(`Tool misuse: ${misuse.map(([n, what]) => `${n} ${what}`).join(', ')}.`);
  if (modes.wrongAnswers.length > 0) {
    const wrong = modes.wrongAnswers.reduce((n, w) => n + w.count, 0);
    lines.push(`Wrong answers (${wrong} of ${modes.failedCount} failures had valid output):`);
    for (const w of modes.wrongAnswers.slice(0, maxCategories)) lines.push(`- ${w.category}: ${w.count}${w.example ? `, e.g. ${w.example}` : ''}`);
    const rest = modes.wrongAnswers.length - maxCategories;
    if (rest > 0) lines.push(`- and ${rest} more categories`);
  }
  return lines;
}

/** How the function's outputs go wrong: invalid outputs, tool misuse, wrong answers by category (all variants, then per variant in short). */
export function describeErrorModes(analysis: FunctionAnalysis, maxCategories = 5): string {
  const modes = analysis.errorModes;
  const body = errorModeLines(modes, maxCategories);
  if (body.length === 0) {
    return modes.scoredCount === 0
      ? `Error modes: none of the ${modes.inferenceCount} stored inferences has ${analysis.metricName} feedback yet, and none is invalid.`
      : `Error modes: no invalid outputs or tool misuse, and no failures among ${modes.scoredCount} scored inferences.`;
  }
  const perVariant = analysis.variants
    .filter((v) => v.errorModes && v.errorModes.failedCount > 0)
    .map((v) => `- ${v.variantName}: ${v.errorModes.failedCount} of ${v.errorModes.scoredCount} scored inferences failed${v.errorModes.wrongAnswers[0] ? `, mostly ${v.errorModes.wrongAnswers[0].category}` : ''}`);
  return [
    `Error modes of ${analysis.functionName} (${modes.failedCount} failures among ${modes.scoredCount} scored inferences):`,
    ...body,
    ...(perVariant.length > 1 ? ['By variant:', ...perVariant] : []),
  ].join('\n');
}

const LABEL_TEXT: Record<StrategyLabel, string> = {
  model_sweep: 'another model',
  format_instructions: 'explicit output-format instructions',
  few_shot: 'worked examples',
  chain_of_thought: 'brief reasoning before the answer',
  optimizer_rewrite: 'a system prompt rewritten by the optimiser model',
};

/** One proposal line: model and what changed relative to the base variant's prompt. */
export function describeCandidate(candidate: CandidateVariant, baseVariant: string): string {
  const labels = candidate.strategies ?? [];
  const changes = labels
    .filter((l) => l !== 'model_sweep')
    .map((l) => (l === 'few_shot' ? `${candidate.fewShotCount} ${LABEL_TEXT[l]} from successful inferences` : LABEL_TEXT[l]));
  const prompt = changes.length === 0 ? `the prompt of ${baseVariant} unchanged` : `the prompt of ${baseVariant} plus ${changes.join(', ')}`;
  return `- ${candidate.name}: ${candidate.model}, ${prompt}`;
}

/** Strategies that were switched on but produced nothing, and why. */
export function describeSkippedStrategies(skipped: SkippedStrategy[]): string {
  return skipped.map((s) => `I did not try ${LABEL_TEXT[s.strategy]} (${s.strategy}): ${s.reason}.`).join('\n');
}

/** What the proposed edits do and why; `skipped` adds the strategies that produced nothing. */
export function describeProposal(plan: OptimizationPlan, skipped: SkippedStrategy[] = []): string {
  const skippedText = skipped.length > 0 ? `\n${describeSkippedStrategies(skipped)}` : '';
  if (plan.candidates.length === 0) {
    return `I have nothing new to propose for ${plan.analysis.functionName}: every prompt and model combination I would try is already in the config.${skippedText}`;
  }
  const models =
    plan.modelsSource !== 'baseline'
      ? `the models you made available (${plan.models.join(', ')})`
      : `the baseline's model ${plan.baseModel}, since the request lists no models`;
  const lines = [
    `Found ${plan.successfulExamples} successful train inferences to learn from. Using ${models}, I propose:`,
    ...plan.candidates.map((c) => describeCandidate(c, plan.baseVariant)),
    `and a track_and_stop experiment on ${plan.analysis.metricName} comparing ${plan.baseVariant} with the new variants, so traffic moves to the winner as evidence accumulates.`,
  ];
  return lines.join('\n') + skippedText;
}
