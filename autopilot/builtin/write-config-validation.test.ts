import { validateWriteConfigArguments } from './write-config-validation';

const variantEdit = {
  operation: 'upsert_variant',
  function_name: 'ner::extract',
  variant_name: 'v2',
  variant: { type: 'chat_completion', model: 'sim::large', system_template: { __tensorzero_remapped_path: 'x', __data: 'hi' } },
};

describe('validateWriteConfigArguments', () => {
  it('accepts well-formed edits and returns a stable hash', () => {
    const a = validateWriteConfigArguments({ edit: [variantEdit] });
    const b = validateWriteConfigArguments({ edit: [{ ...variantEdit }] });
    expect(a).toEqual({ ok: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(b).toEqual(a);
  });

  it('rejects a template given as a plain string', () => {
    const edit = { ...variantEdit, variant: { type: 'chat_completion', model: 'm', system_template: 'templates/sys.minijinja' } };
    const result = validateWriteConfigArguments({ edit: [edit] });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('edit.0.variant.system_template') });
  });

  it('rejects new-style template paths given as plain strings', () => {
    const edit = { ...variantEdit, variant: { type: 'chat_completion', model: 'm', templates: { system: { path: 'sys.minijinja' } } } };
    expect(validateWriteConfigArguments({ edit: [edit] })).toMatchObject({ ok: false });
  });

  it('rejects unknown operations, unsafe names and empty arguments', () => {
    expect(validateWriteConfigArguments({ edit: [{ operation: 'delete_variant', function_name: 'f' }] })).toMatchObject({ ok: false });
    expect(validateWriteConfigArguments({ edit: [{ ...variantEdit, variant_name: '../escape' }] })).toMatchObject({ ok: false });
    expect(validateWriteConfigArguments({})).toMatchObject({ ok: false });
  });

  it('accepts track_and_stop experimentation', () => {
    const edit = {
      operation: 'upsert_experimentation',
      function_name: 'ner::extract',
      experimentation: { type: 'track_and_stop', metric: 'exact_match', candidate_variants: ['initial', 'v2'], fallback_variants: [] },
    };
    expect(validateWriteConfigArguments({ edit: [edit] })).toMatchObject({ ok: true });
  });
});
