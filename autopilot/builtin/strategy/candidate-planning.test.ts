import { planCandidatePool, planCandidates, buildCandidateVariantObject, type PlanCandidatesOptions, type StrategySwitches } from './candidate-planning';
import { GENERATED_GUIDANCE_MARKER } from './system-template';
import { variantFingerprint } from './variant-fingerprint';
import { successfulInferences, toWorkedExamples } from './few-shot-selection';
import type { FunctionConfig } from './config-types';
import { NER_FUNCTION, NER_OUTPUT_SCHEMA, nerConfig, nerInferences } from '../../../test/fixtures/ner-train-data';

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

  it('does not propose two candidates for a model named twice', () => {
    const result = planCandidates(options(withVariants({}), { models: ['sim::small', 'sim::small'] }));
    expect(result).toHaveLength(1);
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

const ALL: StrategySwitches = { modelSweep: true, formatInstructions: true, fewShot: true, chainOfThought: true, optimizerRewrite: true };
const MODELS = ['sim::large', 'sim::medium', 'sim::small'];

describe('planCandidatePool', () => {
  const pool = (fn: FunctionConfig, overrides: Partial<PlanCandidatesOptions> = {}) =>
    planCandidatePool(options(fn, { models: MODELS, strategies: ALL, poolSize: 8, maxNewVariants: undefined, ...overrides }));

  it('mixes strategies across models, labels each candidate and keeps fingerprints unique', () => {
    const { candidates, skipped } = pool(withVariants({}));
    expect(candidates).toHaveLength(8);
    const labels = candidates.map((c) => c.strategies.join('+'));
    expect(labels).toContain('model_sweep+format_instructions+few_shot');
    expect(labels).toContain('format_instructions+few_shot'); // the base model with a better prompt
    expect(labels).toContain('format_instructions'); // format only, on the base model
    expect(labels).toContain('model_sweep'); // another model, the base prompt unchanged
    expect(new Set(candidates.map((c) => c.fingerprint)).size).toBe(candidates.length);
    for (const c of candidates) expect(c.fingerprint).toBe(variantFingerprint(c.variant));
    // json function: no chain of thought, and the report says why
    expect(labels.some((l) => l.includes('chain_of_thought'))).toBe(false);
    expect(skipped).toEqual([{ strategy: 'chain_of_thought', reason: expect.stringContaining('json') }]);
  });

  it('gives the base prompt unchanged to a swept model', () => {
    const sweep = pool(withVariants({})).candidates.find((c) => c.strategies.join() === 'model_sweep');
    expect(sweep?.systemTemplate).not.toContain(GENERATED_GUIDANCE_MARKER);
    expect(sweep?.name).toMatch(/^ap_sim_(large|medium)_base_fs0_i1$/);
  });

  it('stops at the pool size', () => {
    expect(pool(withVariants({}), { poolSize: 2 }).candidates).toHaveLength(2);
  });

  it('never proposes an excluded fingerprint or one already in the config', () => {
    const first = pool(withVariants({})).candidates;
    const excluded = new Set(first.slice(0, 3).map((c) => c.fingerprint));
    const inConfig = { renamed: { ...first[3].variant, weight: 0.5 } };
    const second = pool(withVariants(inConfig), { excludeFingerprints: excluded }).candidates;
    expect(second.length).toBeGreaterThan(0);
    for (const c of second) {
      expect(excluded.has(c.fingerprint)).toBe(false);
      expect(c.fingerprint).not.toBe(first[3].fingerprint);
    }
  });

  it('honours the switches', () => {
    const noSweep = pool(withVariants({}), { strategies: { ...ALL, modelSweep: false } }).candidates;
    expect(noSweep).toHaveLength(4);
    expect(noSweep.every((c) => c.model === 'sim::small')).toBe(true);
    const noFewShot = pool(withVariants({}), { strategies: { ...ALL, fewShot: false } }).candidates;
    expect(noFewShot).toHaveLength(5);
    expect(noFewShot.every((c) => c.fewShotCount === 0)).toBe(true);
    const noFormat = pool(withVariants({}), { strategies: { ...ALL, formatInstructions: false } }).candidates;
    expect(noFormat).toHaveLength(7);
    expect(noFormat.every((c) => !c.systemTemplate.includes('exactly these keys'))).toBe(true);
  });
});

describe('chain of thought in the pool', () => {
  const chatFn = (): FunctionConfig => ({
    type: 'chat',
    variants: { initial: { type: 'chat_completion', model: 'sim::small', system_template: { __tensorzero_remapped_path: 's', __data: 'Play the game. Goal: {{ mission }}' } } },
  });
  const ex = (id: string, input: string, output: string) => ({ inferenceId: id, inputText: input, outputText: output });
  const chatOptions = (examplePool: ReturnType<typeof ex>[]): PlanCandidatesOptions => ({
    ...options(chatFn(), { models: MODELS, strategies: ALL, poolSize: 8, maxNewVariants: undefined, examplePool, outputSchema: null }),
    functionName: 'act',
  });

  it('adds chain-of-thought candidates when successful outputs are JSON objects', () => {
    const { candidates } = planCandidatePool(chatOptions([ex('1', 'ball ahead', '{"action":"pick up"}'), ex('2', 'wall ahead', '{"action":"turn left"}')]));
    const cot = candidates.filter((c) => c.strategies.includes('chain_of_thought'));
    expect(cot.length).toBe(2);
    for (const c of cot) {
      expect(c.systemTemplate).toContain('first key is "reasoning"');
      expect(c.systemTemplate.startsWith('Play the game. Goal: {{ mission }}')).toBe(true);
      expect(c.name).toMatch(/_cot_/);
    }
  });

  it('offers none for bare answers and says why', () => {
    const { candidates, skipped } = planCandidatePool(chatOptions([ex('1', 'ball ahead', 'pick up'), ex('2', 'wall ahead', 'turn left')]));
    expect(candidates.some((c) => c.strategies.includes('chain_of_thought'))).toBe(false);
    expect(skipped[0]).toMatchObject({ strategy: 'chain_of_thought', reason: expect.stringContaining('would not parse') });
  });
});
