/**
 * New variants to try: one per available model (strongest first, within budget), each with the
 * best variant's prompt plus explicit format instructions and worked examples. A (model, prompt)
 * pair that already exists is never proposed again.
 */
import type { JsonSchema } from '../../../environments/types';
import { roleTemplateFile, systemTemplateText, usesNewStyleTemplates } from './config-access';
import { remappedFile, type FunctionConfig, type VariantConfig } from './config-types';
import { selectFewShotExamples, type WorkedExample } from './few-shot-selection';
import { buildFormatInstructions } from './format-instructions';
import { buildCandidateSystemTemplate } from './system-template';
import { candidateVariantName } from './variant-naming';

export interface CandidateVariant {
  name: string;
  model: string;
  fewShotCount: number;
  exampleIds: string[];
  systemTemplate: string;
  /** the variant object for `upsert_variant` */
  variant: Record<string, unknown>;
}

export interface PlanCandidatesOptions {
  functionName: string;
  fn: FunctionConfig;
  baseVariantName: string;
  /** in order of preference */
  models: string[];
  examplePool: WorkedExample[];
  outputSchema: JsonSchema | null;
  iteration: number;
  fewShotK: number;
  maxNewVariants: number;
  exampleCharBudget: number;
}

// Base-variant settings worth keeping on a candidate; sampling settings such as temperature are
// deliberately left out (some models reject non-default values).
const CARRIED_SETTINGS = ['max_tokens', 'retries', 'timeouts'];

/** The `upsert_variant` object: the base variant's shape with a new model and system template. */
export function buildCandidateVariantObject(
  functionName: string,
  variantName: string,
  base: VariantConfig,
  functionType: 'chat' | 'json',
  model: string,
  systemTemplate: string,
): Record<string, unknown> {
  const variant: Record<string, unknown> = { type: 'chat_completion', model };
  const dir = `functions/${functionName}/variants/${variantName}`;
  if (usesNewStyleTemplates(base)) {
    const templates: Record<string, unknown> = { ...(base.templates as Record<string, unknown>) };
    templates.system = { path: remappedFile(`${dir}/templates/system.minijinja`, systemTemplate) };
    variant.templates = templates;
  } else {
    variant.system_template = remappedFile(`${dir}/system_template.minijinja`, systemTemplate);
    for (const role of ['user', 'assistant'] as const) {
      const file = roleTemplateFile(base, role);
      if (file) variant[`${role}_template`] = file;
    }
  }
  if (functionType === 'json') variant.json_mode = typeof base.json_mode === 'string' ? base.json_mode : 'strict';
  for (const key of CARRIED_SETTINGS) if (base[key] !== undefined) variant[key] = base[key];
  return variant;
}

function fewShotTries(k: number): number[] {
  return [...new Set([k, k + 2, Math.max(0, k - 2), k + 4])];
}

export function planCandidates(options: PlanCandidatesOptions): CandidateVariant[] {
  const { fn } = options;
  const base = fn.variants[options.baseVariantName];
  const taken = new Set(Object.keys(fn.variants));
  const existingPairs = new Set(
    Object.values(fn.variants).map((v) => `${String(v.model)}\u0000${(systemTemplateText(v) ?? '').trim()}`),
  );
  const candidates: CandidateVariant[] = [];

  for (const model of options.models) {
    if (candidates.length >= options.maxNewVariants) break;
    for (const k of fewShotTries(options.fewShotK)) {
      const examples = selectFewShotExamples(options.examplePool, {
        k,
        charBudget: options.exampleCharBudget,
        rotation: options.iteration - 1,
      });
      const systemTemplate = buildCandidateSystemTemplate({
        baseTemplate: systemTemplateText(base),
        formatInstructions: buildFormatInstructions(fn.type, options.outputSchema, examples.length > 0),
        examples,
      });
      const pair = `${model}\u0000${systemTemplate.trim()}`;
      if (existingPairs.has(pair)) continue;
      const name = candidateVariantName(model, examples.length, options.iteration, taken);
      taken.add(name);
      existingPairs.add(pair);
      candidates.push({
        name,
        model,
        fewShotCount: examples.length,
        exampleIds: examples.map((e) => e.inferenceId),
        systemTemplate,
        variant: buildCandidateVariantObject(options.functionName, name, base, fn.type, model, systemTemplate),
      });
      break;
    }
  }
  return candidates;
}
