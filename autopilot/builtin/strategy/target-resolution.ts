/**
 * Turns the request text and the data into a target (function + metric), or into the one
 * question the session must ask first, or into a reason there is nothing to optimise.
 */
import type { StoredInferenceWithFeedback } from '../../../gateway/wire';
import { userFunctionNames, type GatewayConfig } from './config-types';
import { pickMetric, pickTargetFunction, type FunctionChoiceReason, type MetricChoiceReason } from './target-selection';

export type TargetResolution =
  | {
      kind: 'resolved';
      functionName: string;
      functionReason: FunctionChoiceReason;
      metricName: string;
      metricReason: MetricChoiceReason;
    }
  | { kind: 'needs_answer'; missing: 'function' | 'metric'; header: string; question: string }
  | { kind: 'impossible'; reason: string };

export interface ResolveTargetOptions {
  config: GatewayConfig;
  inferencesByFunction: Record<string, StoredInferenceWithFeedback[]>;
  /** the initial message plus any answers the user has given since */
  text: string;
}

function describeMetrics(config: GatewayConfig): string {
  return Object.entries(config.metrics)
    .map(([name, m]) => `${name} (${m.type}, ${m.optimize === 'max' ? 'higher' : 'lower'} is better, ${m.level} level)`)
    .join('; ');
}

export function resolveTarget(options: ResolveTargetOptions): TargetResolution {
  const { config, text } = options;
  const functions = userFunctionNames(config);
  if (functions.length === 0) return { kind: 'impossible', reason: 'the gateway config defines no functions to optimise' };
  const metricNames = Object.keys(config.metrics).sort();
  if (metricNames.length === 0) return { kind: 'impossible', reason: 'the gateway config defines no metrics to optimise for' };

  const counts = Object.fromEntries(functions.map((f) => [f, options.inferencesByFunction[f]?.length ?? 0]));
  const fn = pickTargetFunction(counts, text);
  if (!fn) {
    return {
      kind: 'needs_answer',
      missing: 'function',
      header: 'Which function?',
      question: `I could not tell which function to optimise. The config defines: ${functions.join(', ')}. Which one should I work on?`,
    };
  }
  const metric = pickMetric(text, options.inferencesByFunction[fn.name] ?? [], metricNames);
  if (!metric) {
    return {
      kind: 'needs_answer',
      missing: 'metric',
      header: 'Which metric?',
      question: `I could not tell which metric defines success for ${fn.name}: the request names none and no feedback is stored yet. Configured metrics: ${describeMetrics(config)}. Which one should I optimise?`,
    };
  }
  return { kind: 'resolved', functionName: fn.name, functionReason: fn.reason, metricName: metric.name, metricReason: metric.reason };
}
