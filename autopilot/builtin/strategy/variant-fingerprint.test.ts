import { variantFingerprint } from './variant-fingerprint';

const file = (path: string, data: string) => ({ __tensorzero_remapped_path: path, __data: data });

describe('variantFingerprint', () => {
  const base = { type: 'chat_completion', model: 'sim::large', system_template: file('a/system.minijinja', 'Hello {{ x }}'), json_mode: 'strict' };

  it('ignores file paths, key order, weights, retries and surrounding whitespace', () => {
    const same = { json_mode: 'strict', weight: 0.3, retries: { num_retries: 2 }, system_template: file('b/other.minijinja', 'Hello {{ x }}\n'), model: 'sim::large', type: 'chat_completion' };
    expect(variantFingerprint(same)).toBe(variantFingerprint(base));
    expect(variantFingerprint(base)).toMatch(/^fp1_[0-9a-f]{24}$/);
  });

  it('changes with the model, the template text or a sampling setting', () => {
    const fp = variantFingerprint(base);
    expect(variantFingerprint({ ...base, model: 'sim::small' })).not.toBe(fp);
    expect(variantFingerprint({ ...base, system_template: file('a', 'Hi {{ x }}') })).not.toBe(fp);
    expect(variantFingerprint({ ...base, temperature: 0 })).not.toBe(fp);
  });
});
