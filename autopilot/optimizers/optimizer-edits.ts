/**
 * The optimiser's result as config edits: one new variant (the best variant's model and
 * templates, the optimised system prompt, DSPy's demonstrations as worked examples) and a
 * track_and_stop experiment over it and the best variant — the same deployment the built-in
 * autopilot uses, so the two are judged alike.
 */
import { buildCandidateVariantObject } from '../builtin/strategy/candidate-planning';
import type { GatewayConfig, VariantConfig } from '../builtin/strategy/config-types';
import { systemTemplateText } from '../builtin/strategy/config-access';
import { trackAndStopEdit, type ProposedEdit, type UpsertVariantEdit } from '../builtin/strategy/edit-payloads';
import { buildCandidateSystemTemplate } from '../builtin/strategy/system-template';
import type { ResolvedStrategyOptions } from '../builtin/strategy/strategy-options';
import { nextIteration, taggedVariantName } from '../builtin/strategy/variant-naming';
import type { OptimizerResult } from './python-helper';

export interface OptimizerEditsInput {
  config: GatewayConfig;
  functionName: string;
  metricName: string;
  baseName: string;
  base: VariantConfig & { model: string };
  result: OptimizerResult;
  optimizer: string;
  strategy: ResolvedStrategyOptions;
}

/** `[upsert_variant, upsert_experimentation]`, or none when the result changes nothing. */
export function optimizerEdits(input: OptimizerEditsInput): [UpsertVariantEdit, ProposedEdit] | [] {
  const { config, functionName, base, result } = input;
  const fn = config.functions[functionName];
  const examples = result.demos.map((d, i) => ({ inferenceId: `demo-${i}`, inputText: d.input, outputText: d.output }));
  const template = buildCandidateSystemTemplate({ baseTemplate: result.system_prompt, formatInstructions: '', examples });
  const unchanged = template.trim() === (systemTemplateText(base) ?? '').trim();
  if (unchanged) return [];
  const names = new Set(Object.keys(fn.variants));
  const name = taggedVariantName(base.model, [input.optimizer.replace(/_/g, '')], examples.length, nextIteration(names), names);
  const variant = buildCandidateVariantObject(functionName, name, base, fn.type, base.model, template);
  const upsert: UpsertVariantEdit = { operation: 'upsert_variant', function_name: functionName, variant_name: name, variant };
  const experiment = trackAndStopEdit(functionName, input.metricName, [input.baseName, name], {
    minSamplesPerVariant: input.strategy.minSamplesPerVariant,
    delta: input.strategy.delta,
    epsilon: input.strategy.epsilon,
    updatePeriodS: input.strategy.updatePeriodS,
  });
  return [upsert, experiment];
}
