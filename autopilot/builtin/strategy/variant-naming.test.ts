import { candidateVariantName, modelSlug, nextIteration, taggedVariantName } from './variant-naming';

describe('variant naming', () => {
  it('slugs provider::model names into safe identifiers', () => {
    expect(modelSlug('sim::large')).toBe('sim_large');
    expect(modelSlug('fireworks::fireworks/glm-5')).toBe('fireworks_fireworks_glm_5');
    expect(modelSlug('openai::gpt-5-mini')).toBe('openai_gpt_5_mini');
  });

  it('names candidates ap_<slug>_fs<k>_i<iteration>', () => {
    expect(candidateVariantName('sim::large', 4, 1, new Set(['initial']))).toBe('ap_sim_large_fs4_i1');
  });

  it('never returns a name that is already taken', () => {
    const taken = new Set(['ap_sim_large_fs4_i1', 'ap_sim_large_fs4_i1_2']);
    expect(candidateVariantName('sim::large', 4, 1, taken)).toBe('ap_sim_large_fs4_i1_3');
  });

  it('counts iterations up from earlier autopilot variants', () => {
    expect(nextIteration(['initial'])).toBe(1);
    expect(nextIteration(['initial', 'ap_sim_large_fs4_i1', 'ap_sim_small_fs2_i3_2', 'my_i9'])).toBe(4);
  });
});

describe('taggedVariantName', () => {
  it('puts strategy tags between the model and the example count', () => {
    expect(taggedVariantName('sim::small', ['cot'], 2, 3, new Set())).toBe('ap_sim_small_cot_fs2_i3');
    expect(taggedVariantName('sim::small', [], 4, 1, new Set())).toBe('ap_sim_small_fs4_i1');
    expect(nextIteration([taggedVariantName('sim::small', ['rw', 'cot'], 0, 5, new Set())])).toBe(6);
  });
});
