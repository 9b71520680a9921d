/** `autopilot_target.builtin` of the benchmark YAML (snake_case) as the built-in autopilot's strategy options. */
import type { BuiltinAutopilotConfig } from '../../config/schema';
import type { StrategyOptions } from './strategy/strategy-options';

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function strategyOptionsFromYaml(builtin: BuiltinAutopilotConfig | undefined): StrategyOptions {
  if (!builtin) return {};
  const s = builtin.strategies;
  return defined({
    strategy: builtin.strategy,
    strategies: s
      ? defined({
          modelSweep: s.model_sweep,
          formatInstructions: s.format_instructions,
          fewShot: s.few_shot,
          chainOfThought: s.chain_of_thought,
          optimizerRewrite: s.optimizer_rewrite,
        })
      : undefined,
    fewShotK: builtin.few_shot_k,
    maxNewVariants: builtin.max_new_variants,
    candidatePoolSize: builtin.candidate_pool_size,
    exampleCharBudget: builtin.example_char_budget,
    optimizerModel: builtin.optimizer_model,
    selectionExamples: builtin.selection_examples,
    budgetUsd: builtin.budget_usd,
    askOperator: builtin.ask_operator,
    minSamplesPerVariant: builtin.min_samples_per_variant,
    delta: builtin.delta,
    epsilon: builtin.epsilon,
    updatePeriodS: builtin.update_period_s,
  }) as StrategyOptions;
}
