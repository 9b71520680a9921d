/** What a `python_optimizer` autopilot runs, resolved from `autopilot_target.python_optimizer`. */
import * as path from 'node:path';
import { findProjectRoot } from '../../common/project-root';

export const PYTHON_OPTIMIZERS = ['gepa', 'dspy_mipro', 'dspy_gepa'] as const;
export type PythonOptimizerName = (typeof PYTHON_OPTIMIZERS)[number];

export interface OptimizerSettings {
  optimizer: PythonOptimizerName;
  /** the interpreter of `.venv-optimizers` */
  python: string;
  /** `autopilot/optimizers/python/run_optimizer.py` */
  script: string;
  /** candidate evaluations (one task-model call and one grade each) the optimiser may make */
  maxMetricCalls: number;
  /** `provider::model` that proposes new instructions; null = the base variant's model */
  reflectionModel: string | null;
  /** successful train inferences used, split into the optimiser's train and validation sets */
  examples: number;
  /** few-shot demonstrations DSPy may attach (GEPA writes none) */
  maxDemos: number;
  seed: number;
  /** how long the helper waits for one model call or grade (a CPU-run local model can take minutes) */
  requestTimeoutS: number;
  /** pause between visible session steps */
  stepDelayMs: number;
}

/** The YAML block (`autopilot_target.python_optimizer`), every key but `optimizer` optional. */
export interface PythonOptimizerYaml {
  optimizer: PythonOptimizerName;
  max_metric_calls?: number;
  reflection_model?: string | null;
  examples?: number;
  max_demos?: number;
}

const DEFAULT_MAX_METRIC_CALLS = 24;

/**
 * Candidate evaluations for an optimiser without its own `max_metric_calls`: the default, or less
 * when the iteration's model-call budget (`autopilot_budget.max_model_calls`) could not hold it.
 * Every metric call is a task-model call, and the reflection (proposal) calls come out of the
 * same budget: GEPA reflects once per minibatch step, which with a one-example minibatch is one
 * reflection per two metric calls. So two thirds of the budget go to metric calls, minus one
 * because GEPA's stop check lets one call past its limit. An optimiser told more than its budget
 * holds is stopped mid-search and writes nothing (on local models, GEPA with 24 and then 17
 * metric calls on a 24-call budget was stopped on every seed).
 */
export function metricCallsWithinBudget(maxModelCalls: number | null | undefined): number {
  if (maxModelCalls == null) return DEFAULT_MAX_METRIC_CALLS;
  return Math.max(1, Math.min(DEFAULT_MAX_METRIC_CALLS, Math.floor((maxModelCalls * 2) / 3) - 1));
}

/**
 * The settings with the defaults; the helper and its venv are found from the project root
 * (sources or dist/). `maxModelCalls` is the iteration's model-call budget, if any.
 */
export function optimizerSettingsFromYaml(yaml: PythonOptimizerYaml, seed: number, maxModelCalls?: number | null, projectRoot = findProjectRoot(__dirname)): OptimizerSettings {
  return {
    optimizer: yaml.optimizer,
    python: process.env.AUTOPILOT_BENCH_OPTIMIZER_PYTHON ?? path.join(projectRoot, '.venv-optimizers', 'bin', 'python'),
    script: path.join(projectRoot, 'autopilot', 'optimizers', 'python', 'run_optimizer.py'),
    maxMetricCalls: yaml.max_metric_calls ?? metricCallsWithinBudget(maxModelCalls),
    reflectionModel: yaml.reflection_model ?? null,
    examples: yaml.examples ?? 12,
    maxDemos: yaml.max_demos ?? 2,
    seed,
    requestTimeoutS: 120,
    stepDelayMs: 50,
  };
}
