import { planOptimization } from './plan-optimization';
import { resolveStrategyOptions, type AutopilotStrategy } from './strategy-options';
import { systemTemplateText } from './config-access';
import { variantFingerprint } from './variant-fingerprint';
import type { VariantConfig } from './config-types';
import type { UpsertExperimentationEdit, UpsertVariantEdit } from './edit-payloads';
import { NER_FUNCTION, NER_SYSTEM_TEMPLATE, nerConfig, nerInferences, nerInitialMessage, nerPerformances } from '../../../test/fixtures/ner-train-data';

function plan(strategy: AutopilotStrategy, seed = 1, config = nerConfig(), models?: string[]) {
  return planOptimization({
    config,
    functionName: NER_FUNCTION,
    metricName: 'exact_match',
    initialMessage: nerInitialMessage(models),
    inferences: nerInferences(),
    performances: nerPerformances('exact_match'),
    strategy: resolveStrategyOptions({ strategy, seed }),
  });
}

function variants(result: ReturnType<typeof plan>): UpsertVariantEdit[] {
  return result.edits.filter((e): e is UpsertVariantEdit => e.operation === 'upsert_variant');
}

const templateOf = (edit: UpsertVariantEdit) => systemTemplateText(edit.variant as VariantConfig);

function experiment(result: ReturnType<typeof plan>): UpsertExperimentationEdit['experimentation'] {
  return result.edits.filter((e): e is UpsertExperimentationEdit => e.operation === 'upsert_experimentation')[0].experimentation;
}

describe('control strategies', () => {
  it('placebo proposes one renamed copy of the best variant, identical in what it sends, in an experiment with it', () => {
    const result = plan('placebo');
    const base = nerConfig().functions[NER_FUNCTION].variants.initial;
    const [copy] = variants(result);
    expect(variants(result)).toHaveLength(1);
    expect(copy.variant_name).toBe('ap_sim_small_placebo_fs0_i1');
    expect(copy.variant.model).toBe(base.model);
    expect(templateOf(copy)).toBe(systemTemplateText(base));
    expect(variantFingerprint(copy.variant)).toBe(variantFingerprint(base));
    expect(experiment(result).candidate_variants).toEqual(['initial', copy.variant_name]);
    expect(result.controlNote).toContain('renamed copy of initial');
  });

  it('model_switch only swaps the model for the strongest available one, and proposes nothing when already there', () => {
    const result = plan('model_switch');
    const [switched] = variants(result);
    expect(variants(result)).toHaveLength(1);
    expect(switched.variant.model).toBe('sim::large');
    expect(templateOf(switched)).toBe(NER_SYSTEM_TEMPLATE);

    const onLarge = nerConfig();
    onLarge.functions[NER_FUNCTION].variants.initial.model = 'sim::large';
    const none = plan('model_switch', 1, onLarge);
    expect(none.edits).toEqual([]);
    expect(none.controlNote).toContain('already runs on the strongest available model (sim::large)');
  });

  it('random_edit keeps the model, changes the prompt by a seeded edit, and differs between seeds', () => {
    const one = variants(plan('random_edit', 1))[0];
    const again = variants(plan('random_edit', 1))[0];
    const other = variants(plan('random_edit', 2))[0];
    expect(one.variant.model).toBe('sim::small');
    const text = templateOf(one) as string;
    expect(text).not.toBe(NER_SYSTEM_TEMPLATE);
    expect(templateOf(again)).toBe(text);
    expect(templateOf(other)).not.toBe(text);
    // a change of similar size: the length stays within half of the original either way
    expect(Math.abs(text.length - NER_SYSTEM_TEMPLATE.length)).toBeLessThan(NER_SYSTEM_TEMPLATE.length / 2);
  });

  it('never runs the optimiser pool: no few-shot, format or chain-of-thought candidates', () => {
    for (const strategy of ['placebo', 'model_switch', 'random_edit'] as const) {
      for (const v of variants(plan(strategy))) expect(templateOf(v)).not.toContain('Worked examples');
    }
  });
});
