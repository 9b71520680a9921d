import { planCandidates, buildCandidateVariantObject, type PlanCandidatesOptions } from './candidate-planning';
import { successfulInferences, toWorkedExamples } from './few-shot-selection';
import type { FunctionConfig } from './config-types';
import { NER_FUNCTION, NER_OUTPUT_SCHEMA, nerConfig, nerInferences } from '../testing/ner-train-data';

const EXACT = { type: 'boolean', optimize: 'max', level: 'episode' } as const;
const pool = toWorkedExamples(successfulInferences(nerInferences(), 'exact_match', EXACT));

function options(fn: FunctionConfig, overrides: Partial<PlanCandidatesOptions> = {}): PlanCandidatesOptions {
  return {
    functionName: NER_FUNCTION,
    fn,
    baseVariantName: 'initial',
    models: ['sim::small'],
    examplePool: pool,
    outputSchema: NER_OUTPUT_SCHEMA,
    iteration: 1,
    fewShotK: 4,
    maxNewVariants: 3,
    exampleCharBudget: 3000,
    ...overrides,
  };
}

function withVariants(variants: Record<string, Record<string, unknown>>): FunctionConfig {
  return nerConfig(variants as never).functions[NER_FUNCTION];
}

describe('planCandidates', () => {
  it('skips a (model, prompt) pair that exists under another name and tries another example count', () => {
    const [first] = planCandidates(options(withVariants({})));
    expect(first.name).toBe('ap_sim_small_fs4_i1');
    const copy = { my_copy: first.variant };
    const [next] = planCandidates(options(withVariants(copy)));
    expect(next.fewShotCount).toBe(6);
    expect(next.name).toBe('ap_sim_small_fs6_i1');
  });

  it('proposes nothing once every example count it would try exists for the model', () => {
    const occupied: Record<string, Record<string, unknown>> = {};
    for (const k of [4, 6, 2, 8]) {
      const [c] = planCandidates(options(withVariants({}), { fewShotK: k }));
      occupied[`copy_${k}`] = c.variant;
    }
    expect(planCandidates(options(withVariants(occupied)))).toEqual([]);
  });

  it('does not propose two identical candidates for the same model in one plan', () => {
    const result = planCandidates(options(withVariants({}), { models: ['sim::small', 'sim::small'] }));
    expect(result).toHaveLength(2);
    expect(result[0].systemTemplate).not.toBe(result[1].systemTemplate);
  });

  it('keeps the base variant user template, max_tokens and retries but never its temperature', () => {
    const base = {
      type: 'chat_completion',
      model: 'sim::small',
      system_template: { __tensorzero_remapped_path: 's.minijinja', __data: 'sys' },
      user_template: { __tensorzero_remapped_path: 'u.minijinja', __data: '{{ text }}' },
      json_mode: 'strict',
      temperature: 0.7,
      weight: 1,
      max_tokens: 400,
      retries: { num_retries: 2, max_delay_s: 10 },
    };
    const variant = buildCandidateVariantObject(NER_FUNCTION, 'v', base, 'json', 'sim::large', 'new sys');
    expect(variant).toEqual({
      type: 'chat_completion',
      model: 'sim::large',
      system_template: { __tensorzero_remapped_path: `functions/${NER_FUNCTION}/variants/v/system_template.minijinja`, __data: 'new sys' },
      user_template: base.user_template,
      json_mode: 'strict',
      max_tokens: 400,
      retries: base.retries,
    });
  });

  it('writes new-style templates when the base variant uses them', () => {
    const base = {
      type: 'chat_completion',
      model: 'sim::small',
      templates: {
        system: { path: { __tensorzero_remapped_path: 's', __data: 'sys' } },
        user: { path: { __tensorzero_remapped_path: 'u', __data: 'usr' } },
      },
    };
    const variant = buildCandidateVariantObject('chat_fn', 'v', base, 'chat', 'sim::large', 'new sys');
    expect(variant).toEqual({
      type: 'chat_completion',
      model: 'sim::large',
      templates: {
        system: { path: { __tensorzero_remapped_path: 'functions/chat_fn/variants/v/templates/system.minijinja', __data: 'new sys' } },
        user: base.templates.user,
      },
    });
  });
});
