/**
 * The candidate pool: new variants built from the best variant by a few strategies — a sweep over
 * the available models, explicit output-format instructions, worked examples from successful
 * train inferences, chain of thought (chat functions whose answer form allows it) — and their
 * combinations. Every candidate carries strategy labels and a fingerprint; a candidate whose
 * fingerprint (or whose (model, system prompt) pair) is already in the config or in
 * `excludeFingerprints` is never proposed.
 */
import type { JsonSchema } from '../../../environments/types';
import { planChainOfThought, type ChainOfThoughtPlan } from './chain-of-thought';
import { roleTemplateFile, systemTemplateText, usesNewStyleTemplates } from './config-access';
import { remappedFile, type FunctionConfig, type VariantConfig } from './config-types';
import { selectFewShotExamples, type WorkedExample } from './few-shot-selection';
import { buildFormatInstructions } from './format-instructions';
import type { ResolvedStrategyOptions } from './strategy-options';
import { buildCandidateSystemTemplate } from './system-template';
import { variantFingerprint } from './variant-fingerprint';
import { candidateVariantName, taggedVariantName } from './variant-naming';

/** The generator switches of the resolved strategy options. */
export type StrategySwitches = ResolvedStrategyOptions['strategies'];

/** Labels of the strategies behind a candidate. */
export type StrategyLabel = 'model_sweep' | 'format_instructions' | 'few_shot' | 'chain_of_thought' | 'optimizer_rewrite';

export interface CandidateVariant {
  name: string;
  model: string;
  fewShotCount: number;
  exampleIds: string[];
  systemTemplate: string;
  /** which strategies made it (e.g. ['model_sweep', 'format_instructions', 'few_shot']) */
  strategies: StrategyLabel[];
  /** stable hash of what the variant sends to its model (variant-fingerprint.ts) */
  fingerprint: string;
  /** the variant object for `upsert_variant` */
  variant: Record<string, unknown>;
}

export interface PlanCandidatesOptions {
  functionName: string;
  fn: FunctionConfig;
  baseVariantName: string;
  /** in order of preference (strongest first) */
  models: string[];
  examplePool: WorkedExample[];
  outputSchema: JsonSchema | null;
  iteration: number;
  fewShotK: number;
  exampleCharBudget: number;
  /** candidates returned at most (pass `candidatePoolSize` when a selection step follows) */
  poolSize?: number;
  /** legacy name of `poolSize`, used when that is absent */
  maxNewVariants?: number;
  /**
   * Which generators run. Omitted = the original plan: one format + few-shot candidate per model.
   * With `modelSweep` off only the base variant's model is used.
   */
  strategies?: StrategySwitches;
  /** fingerprints never to propose (e.g. candidates rejected in earlier sessions) */
  excludeFingerprints?: ReadonlySet<string>;
}

/** A strategy that was switched on but produced nothing, and why. */
export interface SkippedStrategy {
  strategy: StrategyLabel;
  reason: string;
}

export interface CandidatePool {
  candidates: CandidateVariant[];
  skipped: SkippedStrategy[];
  /** the chain-of-thought decision for the function (also when switched off) */
  chainOfThought: ChainOfThoughtPlan;
}

// Base-variant settings worth keeping on a candidate; sampling settings such as temperature are
// deliberately left out (some models reject non-default values).
const CARRIED_SETTINGS = ['max_tokens', 'retries', 'timeouts'];

const DEFAULT_POOL_SIZE = 8;

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

/** What is already taken: names, fingerprints and (model, prompt) pairs of the config plus exclusions. */
export interface CandidateRegistry {
  names: Set<string>;
  fingerprints: Set<string>;
  pairs: Set<string>;
}

function pairKey(model: string, systemTemplate: string): string {
  return `${model}\u0000${systemTemplate.trim()}`;
}

export function candidateRegistry(fn: FunctionConfig, excludeFingerprints: ReadonlySet<string> = new Set()): CandidateRegistry {
  const variants = Object.values(fn.variants);
  return {
    names: new Set(Object.keys(fn.variants)),
    fingerprints: new Set([...variants.map((v) => variantFingerprint(v)), ...excludeFingerprints]),
    pairs: new Set(variants.map((v) => pairKey(String(v.model), systemTemplateText(v) ?? ''))),
  };
}

/** Marks candidates made elsewhere (e.g. by an earlier call) as taken. */
export function registerCandidates(registry: CandidateRegistry, candidates: CandidateVariant[]): void {
  for (const c of candidates) {
    registry.names.add(c.name);
    registry.fingerprints.add(c.fingerprint);
    registry.pairs.add(pairKey(c.model, c.systemTemplate));
  }
}

export interface MakeCandidateInput {
  functionName: string;
  fn: FunctionConfig;
  base: VariantConfig;
  model: string;
  systemTemplate: string;
  examples: WorkedExample[];
  strategies: StrategyLabel[];
  /** short name tags (`variant-naming.ts`); [] gives the plain `ap_<model>_fs<k>_i<n>` */
  nameTags: string[];
  iteration: number;
}

/** The candidate, registered as taken; null when its fingerprint or (model, prompt) pair is taken. */
export function makeCandidate(input: MakeCandidateInput, registry: CandidateRegistry): CandidateVariant | null {
  const { base, model, systemTemplate, examples } = input;
  const pair = pairKey(model, systemTemplate);
  if (registry.pairs.has(pair)) return null;
  const name =
    input.nameTags.length === 0
      ? candidateVariantName(model, examples.length, input.iteration, registry.names)
      : taggedVariantName(model, input.nameTags, examples.length, input.iteration, registry.names);
  const variant = buildCandidateVariantObject(input.functionName, name, base, input.fn.type, model, systemTemplate);
  const fingerprint = variantFingerprint(variant);
  if (registry.fingerprints.has(fingerprint)) return null;
  registry.names.add(name);
  registry.fingerprints.add(fingerprint);
  registry.pairs.add(pair);
  return {
    name,
    model,
    fewShotCount: examples.length,
    exampleIds: examples.map((e) => e.inferenceId),
    systemTemplate,
    strategies: input.strategies,
    fingerprint,
    variant,
  };
}

/** One way to build a candidate: which model, and which prompt strategies on top of the base prompt. */
interface Recipe {
  model: string;
  format: boolean;
  fewShot: boolean;
  cot: boolean;
}

function fewShotTries(k: number): number[] {
  return [...new Set([k, k + 2, Math.max(0, k - 2), k + 4])];
}

const ALL_ON: StrategySwitches = { modelSweep: true, formatInstructions: true, fewShot: true, chainOfThought: true, optimizerRewrite: true };

/**
 * The order recipes are tried in: format + few-shot on each model (strongest first, up to half the
 * pool, at least three), then chain of thought on the strongest, single-strategy candidates
 * (format only, the base prompt on other models, chain of thought on the base model), then the
 * remaining combinations, then fillers (format only on the strongest model, other example counts).
 */
function recipeOrder(models: string[], baseModel: string, switches: StrategySwitches, cotOffered: boolean, poolSize: number, legacy: boolean): Recipe[] {
  const fewShot = switches.fewShot;
  const format = switches.formatInstructions;
  const combos = models.map((model) => ({ model, format, fewShot, cot: false }));
  if (legacy) return combos;
  const quota = Math.max(Math.min(3, poolSize), Math.ceil(poolSize / 2));
  const singles: Recipe[] = [];
  const cot = cotOffered && switches.chainOfThought;
  if (cot) singles.push({ model: models[0], format, fewShot, cot: true });
  if (format && fewShot) singles.push({ model: baseModel, format: true, fewShot: false, cot: false });
  if (!combos.slice(0, quota).some((r) => r.model === baseModel) && (format || fewShot)) singles.push({ model: baseModel, format, fewShot, cot: false });
  if (switches.modelSweep) for (const model of models) if (model !== baseModel) singles.push({ model, format: false, fewShot: false, cot: false });
  if (cot) singles.push({ model: baseModel, format, fewShot: false, cot: true });
  // Filling up: format only on the strongest model, then the combination again on the strongest
  // and the base model (a repeat finds its first pick taken and tries another example count).
  const fill: Recipe[] = [];
  if (format && fewShot && models[0] !== baseModel) fill.push({ model: models[0], format: true, fewShot: false, cot: false });
  if (fewShot) fill.push(combos[0], { model: baseModel, format, fewShot, cot: false });
  return [...combos.slice(0, quota), ...singles, ...combos.slice(quota), ...fill];
}

function labelsOf(recipe: Recipe, baseModel: string, examples: number): StrategyLabel[] {
  const labels: StrategyLabel[] = [];
  if (recipe.model !== baseModel) labels.push('model_sweep');
  if (recipe.format) labels.push('format_instructions');
  if (examples > 0) labels.push('few_shot');
  if (recipe.cot) labels.push('chain_of_thought');
  return labels;
}

function tagsOf(recipe: Recipe, examples: number): string[] {
  const tags: string[] = [];
  if (!recipe.format && examples === 0 && !recipe.cot) tags.push('base');
  else if (recipe.format && examples === 0 && !recipe.cot) tags.push('fmt');
  if (recipe.cot) tags.push('cot');
  return tags;
}

/** The pool of new candidates, with the strategies that produced nothing and why. */
export function planCandidatePool(options: PlanCandidatesOptions): CandidatePool {
  const { fn } = options;
  const base = fn.variants[options.baseVariantName];
  const baseModel = String(base.model);
  const baseTemplate = systemTemplateText(base);
  const poolSize = options.poolSize ?? options.maxNewVariants ?? DEFAULT_POOL_SIZE;
  const legacy = options.strategies === undefined;
  const switches = options.strategies ?? ALL_ON;
  const uniqueModels = [...new Set(options.models)];
  const models = switches.modelSweep ? (uniqueModels.length > 0 ? uniqueModels : [baseModel]) : [baseModel];
  const chainOfThought = planChainOfThought(fn.type, options.examplePool.map((e) => e.outputText));
  const registry = candidateRegistry(fn, options.excludeFingerprints);
  const basePair = pairKey(baseModel, baseTemplate ?? '');
  const candidates: CandidateVariant[] = [];

  const build = (recipe: Recipe): CandidateVariant | null => {
    const tries = recipe.fewShot ? fewShotTries(options.fewShotK) : [0];
    for (const k of tries) {
      const examples = k > 0 ? selectFewShotExamples(options.examplePool, { k, charBudget: options.exampleCharBudget, rotation: options.iteration - 1 }) : [];
      // json: the schema written out (format strategy); chat: "answer like the examples" goes with examples
      const format = fn.type === 'json' && recipe.format;
      const formatInstructions =
        fn.type === 'json' ? (format ? buildFormatInstructions('json', options.outputSchema, examples.length > 0) : '') : buildFormatInstructions('chat', null, examples.length > 0);
      const applied = { ...recipe, format };
      const systemTemplate = buildCandidateSystemTemplate({
        baseTemplate,
        formatInstructions,
        extraInstructions: recipe.cot && chainOfThought.offered ? [chainOfThought.instructions] : [],
        examples,
      });
      if (pairKey(recipe.model, systemTemplate) === basePair) return null;
      const candidate = makeCandidate(
        {
          functionName: options.functionName,
          fn,
          base,
          model: recipe.model,
          systemTemplate,
          examples,
          strategies: labelsOf(applied, baseModel, examples.length),
          nameTags: tagsOf(applied, examples.length),
          iteration: options.iteration,
        },
        registry,
      );
      if (candidate) return candidate;
    }
    return null;
  };

  for (const recipe of recipeOrder(models, baseModel, switches, chainOfThought.offered, poolSize, legacy)) {
    if (candidates.length >= poolSize) break;
    const candidate = build(recipe);
    if (candidate) candidates.push(candidate);
  }

  const skipped: SkippedStrategy[] = [];
  if (!legacy && switches.chainOfThought && !chainOfThought.offered) skipped.push({ strategy: 'chain_of_thought', reason: chainOfThought.reason });
  if (!legacy && switches.fewShot && options.examplePool.length === 0) {
    skipped.push({ strategy: 'few_shot', reason: 'there are no successful train inferences to show as examples' });
  }
  return { candidates, skipped, chainOfThought };
}

/** The candidates of `planCandidatePool`. */
export function planCandidates(options: PlanCandidatesOptions): CandidateVariant[] {
  return planCandidatePool(options).candidates;
}
