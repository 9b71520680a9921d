/**
 * The policy a test evaluation runs, frozen: which variant serves each test task. The
 * baseline is the variant `initial`; after an iteration it is the deployed routing read from
 * the train gateway at the end of the train rollout (each task's variant drawn from it by a
 * seeded generator), or the variant with the best train mean. Either way every test inference
 * is pinned, so the test gateway's own experimentation never chooses and never learns.
 */
import { seededRandom } from '../statistics/seeded-random';

export type PolicyKind = 'frozen_routing' | 'best_train_mean';

export interface FrozenPolicy {
  kind: PolicyKind;
  /** the distribution tasks were drawn from (normalised, variants in name order) */
  routing: Record<string, number>;
  /** the variant pinned for each task */
  variantByTask: Record<string, string>;
  /** tasks per variant */
  assignments: Record<string, number>;
}

/** Routing or train means a policy cannot be built from; names the field and the value. */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`${field} = ${JSON.stringify(value)}: ${reason}`);
  }
}

/** The baseline's variant name in the generated config. */
export const BASELINE_VARIANT = 'initial';

/** Stream name of the per-task variant draw; changing it changes every pinned assignment. */
export const POLICY_PIN_STREAM = 'policy-pin';

function countAssignments(variantByTask: Record<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const variant of Object.values(variantByTask)) counts[variant] = (counts[variant] ?? 0) + 1;
  return counts;
}

function onePolicy(kind: PolicyKind, variant: string, taskIds: readonly string[]): FrozenPolicy {
  const variantByTask = Object.fromEntries(taskIds.map((id) => [id, variant]));
  return { kind, routing: { [variant]: 1 }, variantByTask, assignments: countAssignments(variantByTask) };
}

/** The baseline: every task on `initial`. */
export function baselinePolicy(taskIds: readonly string[]): FrozenPolicy {
  return onePolicy('frozen_routing', BASELINE_VARIANT, taskIds);
}

function normalise(routing: Record<string, number>): Record<string, number> {
  const names = Object.keys(routing).sort();
  for (const name of names) {
    const p = routing[name];
    if (!Number.isFinite(p) || p < 0) throw new PolicyInputError(`routing.${name}`, p, 'a routing probability must be a finite number ≥ 0');
  }
  const total = names.reduce((sum, name) => sum + routing[name], 0);
  if (!(total > 0)) throw new PolicyInputError('routing', routing, 'needs at least one variant with a positive probability');
  return Object.fromEntries(names.filter((name) => routing[name] > 0).map((name) => [name, routing[name] / total]));
}

/**
 * Freezes a routing distribution: each task's variant is drawn from it, in task order, by
 * the generator of (seed, `policy-pin:<iteration>`), so the same seed and routing give the
 * same assignment and each iteration draws afresh.
 */
export function freezeRouting(options: { routing: Record<string, number>; taskIds: readonly string[]; seed: number; iteration: number }): FrozenPolicy {
  const routing = normalise(options.routing);
  const names = Object.keys(routing);
  const random = seededRandom(options.seed, `${POLICY_PIN_STREAM}:${options.iteration}`);
  const variantByTask: Record<string, string> = {};
  for (const taskId of options.taskIds) {
    let u = random();
    let pick = names[names.length - 1];
    for (const name of names) {
      if (u < routing[name]) {
        pick = name;
        break;
      }
      u -= routing[name];
    }
    variantByTask[taskId] = pick;
  }
  return { kind: 'frozen_routing', routing, variantByTask, assignments: countAssignments(variantByTask) };
}

/**
 * The alternative policy: every task on the variant with the best train mean (highest for
 * `max`, lowest for `min`; ties go to the first name in order). `candidates`, when given and
 * not empty, limits the choice to the variants currently deployed.
 */
export function bestTrainMean(options: {
  trainMeans: Record<string, number>;
  optimize: 'max' | 'min';
  taskIds: readonly string[];
  candidates?: readonly string[];
}): FrozenPolicy {
  const allowed = options.candidates && options.candidates.length > 0 ? new Set(options.candidates) : null;
  const names = Object.keys(options.trainMeans)
    .filter((name) => allowed === null || allowed.has(name))
    .filter((name) => Number.isFinite(options.trainMeans[name]))
    .sort();
  if (names.length === 0) throw new PolicyInputError('trainMeans', options.trainMeans, 'no deployed variant has a train mean to choose by');
  const sign = options.optimize === 'max' ? 1 : -1;
  const best = names.reduce((a, b) => (sign * options.trainMeans[b] > sign * options.trainMeans[a] ? b : a));
  return onePolicy('best_train_mean', best, options.taskIds);
}
