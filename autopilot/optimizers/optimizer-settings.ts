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

/** The settings with the defaults; the helper and its venv are found from the project root (sources or dist/). */
export function optimizerSettingsFromYaml(yaml: PythonOptimizerYaml, seed: number, projectRoot = findProjectRoot(__dirname)): OptimizerSettings {
  return {
    optimizer: yaml.optimizer,
    python: process.env.AUTOPILOT_BENCH_OPTIMIZER_PYTHON ?? path.join(projectRoot, '.venv-optimizers', 'bin', 'python'),
    script: path.join(projectRoot, 'autopilot', 'optimizers', 'python', 'run_optimizer.py'),
    maxMetricCalls: yaml.max_metric_calls ?? 24,
    reflectionModel: yaml.reflection_model ?? null,
    examples: yaml.examples ?? 12,
    maxDemos: yaml.max_demos ?? 2,
    seed,
    stepDelayMs: 50,
  };
}
