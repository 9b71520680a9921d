import { strategyOptionsFromYaml } from './yaml-options';
import { resolveStrategyOptions } from './strategy/strategy-options';

describe('strategyOptionsFromYaml', () => {
  it('maps every snake_case key to its strategy option and keeps defaults for the rest', () => {
    const resolved = resolveStrategyOptions(
      strategyOptionsFromYaml({
        strategies: { model_sweep: false, chain_of_thought: false },
        few_shot_k: 2,
        max_new_variants: 2,
        candidate_pool_size: 6,
        example_char_budget: 100,
        optimizer_model: 'sim::large',
        selection_examples: 5,
        budget_usd: 0.25,
        ask_operator: false,
        min_samples_per_variant: 7,
        delta: 0.05,
        epsilon: 0.01,
        update_period_s: 3,
      }),
    );
    expect(resolved).toMatchObject({
      strategies: { modelSweep: false, formatInstructions: true, fewShot: true, chainOfThought: false, optimizerRewrite: true },
      fewShotK: 2,
      maxNewVariants: 2,
      candidatePoolSize: 6,
      exampleCharBudget: 100,
      optimizerModel: 'sim::large',
      selectionExamples: 5,
      budgetUsd: 0.25,
      askOperator: false,
      minSamplesPerVariant: 7,
      delta: 0.05,
      epsilon: 0.01,
      updatePeriodS: 3,
    });
    expect(resolveStrategyOptions(strategyOptionsFromYaml(undefined))).toEqual(resolveStrategyOptions());
    expect(resolved.strategy).toBe('optimiser');
    expect(resolveStrategyOptions(strategyOptionsFromYaml({ strategy: 'random_edit' })).strategy).toBe('random_edit');
  });
});
