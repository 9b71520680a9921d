/**
 * The control strategies: candidates an autopilot that knows nothing about the task would
 * propose, so the benchmark can show how much "improvement" it reports for them.
 *
 *   placebo       a renamed copy of the current best variant (same model, same prompt)
 *   model_switch  the current best prompt on the strongest available model, nothing else
 *   random_edit   the current best prompt after a seeded random edit (random-template-edit.ts)
 *
 * Each yields at most one candidate per session; the session deploys it without selection, in the
 * same track_and_stop experiment the optimiser's candidates go into.
 */
import { buildCandidateVariantObject, candidateRegistry, makeCandidate, type CandidateVariant } from './candidate-planning';
import { systemTemplateText } from './config-access';
import type { FunctionConfig } from './config-types';
import { randomTemplateEdit } from './random-template-edit';
import type { AutopilotStrategy } from './strategy-options';
import { variantFingerprint } from './variant-fingerprint';
import { taggedVariantName } from './variant-naming';

export type ControlStrategy = Exclude<AutopilotStrategy, 'optimiser'>;

export interface ControlPoolOptions {
  control: ControlStrategy;
  functionName: string;
  fn: FunctionConfig;
  baseVariantName: string;
  /** strongest first */
  models: string[];
  iteration: number;
  /** the run's seed; random_edit mixes in the iteration so each session draws a new edit */
  seed: number;
  excludeFingerprints?: ReadonlySet<string>;
}

export interface ControlPool {
  candidates: CandidateVariant[];
  /** what the control did, or why it proposes nothing, for the session's report */
  note: string;
}

function pool(candidate: CandidateVariant | null, control: ControlStrategy, what: string): ControlPool {
  return { candidates: candidate ? [candidate] : [], note: candidate ? `Control ${control}: ${what}.` : `Control ${control} proposes nothing: ${what}.` };
}

/** The placebo: the same variant under a new name. The registry is bypassed on purpose (its whole point is to be a duplicate). */
function placebo(options: ControlPoolOptions, baseTemplate: string): CandidateVariant {
  const base = options.fn.variants[options.baseVariantName];
  const model = String(base.model);
  const name = taggedVariantName(model, ['placebo'], 0, options.iteration, new Set(Object.keys(options.fn.variants)));
  const variant = buildCandidateVariantObject(options.functionName, name, base, options.fn.type, model, baseTemplate);
  return { name, model, fewShotCount: 0, exampleIds: [], systemTemplate: baseTemplate, strategies: [], fingerprint: variantFingerprint(variant), variant };
}

/** The session's one control candidate (none when the control has nothing to change, e.g. already on the strongest model). */
export function planControlPool(options: ControlPoolOptions): ControlPool {
  const base = options.fn.variants[options.baseVariantName];
  const baseModel = String(base.model);
  const baseTemplate = systemTemplateText(base) ?? '';
  if (options.control === 'placebo') {
    const copy = placebo(options, baseTemplate);
    return pool(copy, 'placebo', `${copy.name} is a renamed copy of ${options.baseVariantName}`);
  }

  const registry = candidateRegistry(options.fn, options.excludeFingerprints);
  const common = { functionName: options.functionName, fn: options.fn, base, examples: [], strategies: [], iteration: options.iteration };
  if (options.control === 'model_switch') {
    const strongest = options.models[0] ?? baseModel;
    if (strongest === baseModel) return pool(null, 'model_switch', `${options.baseVariantName} already runs on the strongest available model (${baseModel})`);
    const candidate = makeCandidate({ ...common, model: strongest, systemTemplate: baseTemplate, nameTags: ['switch'] }, registry);
    return pool(candidate, 'model_switch', candidate ? `${candidate.name} is ${options.baseVariantName}'s prompt on ${strongest}` : `${options.baseVariantName}'s prompt on ${strongest} was proposed before`);
  }
  const edit = randomTemplateEdit(baseTemplate, options.seed * 1009 + options.iteration);
  const candidate = makeCandidate({ ...common, model: baseModel, systemTemplate: edit.template, nameTags: ['rand'] }, registry);
  return pool(candidate, 'random_edit', candidate ? `${candidate.name} is ${options.baseVariantName}'s prompt after random edits (${edit.edits.join(', ')})` : 'the random edit drew a prompt proposed before');
}
