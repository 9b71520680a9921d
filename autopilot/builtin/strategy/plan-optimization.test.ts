import { planOptimization, PlanningError } from './plan-optimization';
import { resolveStrategyOptions } from './strategy-options';
import { GENERATED_GUIDANCE_MARKER } from './system-template';
import type { UpsertExperimentationEdit, UpsertVariantEdit } from './edit-payloads';
import { NER_FUNCTION, NER_SYSTEM_TEMPLATE, nerConfig, nerInferences, nerInitialMessage, nerPerformances } from '../../../test/fixtures/ner-train-data';

function plan(overrides: Partial<Parameters<typeof planOptimization>[0]> = {}) {
  return planOptimization({
    config: nerConfig(),
    functionName: NER_FUNCTION,
    metricName: 'exact_match',
    initialMessage: nerInitialMessage(),
    inferences: nerInferences(),
    performances: nerPerformances('exact_match'),
    strategy: resolveStrategyOptions(),
    ...overrides,
  });
}

function variantEdits(edits: ReturnType<typeof plan>['edits']): UpsertVariantEdit[] {
  return edits.filter((e): e is UpsertVariantEdit => e.operation === 'upsert_variant');
}

function experimentEdit(edits: ReturnType<typeof plan>['edits']): UpsertExperimentationEdit {
  const found = edits.filter((e): e is UpsertExperimentationEdit => e.operation === 'upsert_experimentation');
  expect(found).toHaveLength(1);
  return found[0];
}

describe('planOptimization on NER data', () => {
  it('proposes one few-shot variant per model, strongest first, and a track-and-stop experiment with the baseline', () => {
    const result = plan();
    const variants = variantEdits(result.edits);
    expect(variants.map((v) => v.variant_name)).toEqual(['ap_sim_large_fs4_i1', 'ap_sim_medium_fs4_i1', 'ap_sim_small_fs4_i1']);
    expect(result.edits.at(-1)).toEqual({
      operation: 'upsert_experimentation',
      function_name: NER_FUNCTION,
      experimentation: {
        type: 'track_and_stop',
        metric: 'exact_match',
        candidate_variants: ['initial', 'ap_sim_large_fs4_i1', 'ap_sim_medium_fs4_i1', 'ap_sim_small_fs4_i1'],
        fallback_variants: [],
        min_samples_per_variant: 5,
        delta: 0.1,
        epsilon: 0,
        update_period_s: 5,
      },
    });
  });

  it('builds each variant from the base variant: remapped system template, json_mode strict, no temperature or weight', () => {
    const [first] = variantEdits(plan().edits);
    expect(first.function_name).toBe(NER_FUNCTION);
    expect(first.variant).toEqual({
      type: 'chat_completion',
      model: 'sim::large',
      system_template: {
        __tensorzero_remapped_path: `functions/${NER_FUNCTION}/variants/ap_sim_large_fs4_i1/system_template.minijinja`,
        __data: expect.any(String),
      },
      json_mode: 'strict',
    });
    const text = (first.variant.system_template as { __data: string }).__data;
    expect(text.startsWith(NER_SYSTEM_TEMPLATE)).toBe(true);
    expect(text).toContain('exactly these keys: "person", "organization", "location", "miscellaneous"');
    expect(text.match(/^Example \d+$/gm)).toHaveLength(4);
  });

  it('shows only successful inferences as examples', () => {
    const result = plan();
    const failing = nerInferences().filter((i) => i.feedback.exact_match !== true).map((i) => i.inference_id);
    for (const candidate of result.candidates) {
      expect(candidate.exampleIds).toHaveLength(4);
      expect(candidate.exampleIds.filter((id) => failing.includes(id))).toEqual([]);
    }
    expect(result.successfulExamples).toBe(8);
  });

  it('keeps at most three new candidates', () => {
    const result = plan({ initialMessage: nerInitialMessage(['a::one', 'b::two', 'c::three', 'd::four', 'e::five']) });
    expect(result.candidates.map((c) => c.model)).toEqual(['a::one', 'b::two', 'c::three']);
    expect(experimentEdit(result.edits).experimentation.candidate_variants).toHaveLength(4);
  });

  it("uses the baseline's model when the message lists none", () => {
    const result = plan({ initialMessage: 'Improve exact match.' });
    expect(result.modelsSource).toBe('baseline');
    expect(new Set(result.candidates.map((c) => c.model))).toEqual(new Set(['sim::small']));
  });

  it('never re-proposes a (model, prompt) pair already in the config, and never reuses a name', () => {
    const first = plan();
    const existing = Object.fromEntries(variantEdits(first.edits).map((e) => [e.variant_name, e.variant]));
    // Same data, but the config now holds the first proposal under its names.
    const second = plan({ config: nerConfig(existing as never) });
    const secondVariants = variantEdits(second.edits);
    expect(secondVariants.length).toBeGreaterThan(0);
    for (const edit of secondVariants) {
      expect(Object.keys(existing)).not.toContain(edit.variant_name);
      const duplicate = Object.values(existing).some(
        (v) => (v as { model: string }).model === edit.variant.model &&
          (v as { system_template: { __data: string } }).system_template.__data === (edit.variant.system_template as { __data: string }).__data,
      );
      expect(duplicate).toBe(false);
    }
    expect(second.iteration).toBe(2);
    expect(secondVariants[0].variant_name).toMatch(/_i2$/);
  });

  it('builds on the best variant and strips the guidance an earlier session added to it', () => {
    const first = variantEdits(plan().edits)[0];
    const config = nerConfig({ [first.variant_name]: first.variant as never });
    const performances = [
      ...nerPerformances('exact_match'),
      { period_start: '1970-01-01T00:00:00Z', variant_name: first.variant_name, count: 20, avg_metric: 0.95, stdev: 0.2, ci_error: 0.09 },
    ];
    const second = plan({ config, performances });
    expect(second.baseVariant).toBe(first.variant_name);
    expect(experimentEdit(second.edits).experimentation.candidate_variants[0]).toBe(first.variant_name);
    const text = (variantEdits(second.edits)[0].variant.system_template as { __data: string }).__data;
    expect(text.split(GENERATED_GUIDANCE_MARKER)).toHaveLength(2);
    expect(text.startsWith(NER_SYSTEM_TEMPLATE)).toBe(true);
  });

  it('reports the share of invalid outputs and per-variant stats', () => {
    const { analysis } = plan();
    expect(analysis.invalidCount).toBe(2);
    expect(analysis.totalInferences).toBe(12);
    const initial = analysis.variants.find((v) => v.variantName === 'initial');
    expect(initial).toMatchObject({ metricCount: 12, inferenceCount: 12, invalidCount: 2, model: 'sim::small' });
    expect(initial?.metricMean).toBeCloseTo(8 / 12);
    expect(analysis.bestVariant).toBe('initial');
  });

  it('fails clearly for an unknown metric', () => {
    expect(() => plan({ metricName: 'nope' })).toThrow(PlanningError);
  });
});
