import { flattenConfigWrites } from './flatten-config-writes';

const variantEdit = { operation: 'upsert_variant', function_name: 'f', variant_name: 'v2' };
const experimentEdit = { operation: 'upsert_experimentation', function_name: 'f' };

describe('flattenConfigWrites', () => {
  it('takes the edit lists out of event-wrapped writes, in order', () => {
    const wrapped = [
      { id: 'a', payload: { type: 'tool_call', name: 'write_config', arguments: { edit: [variantEdit] } } },
      { id: 'b', payload: { type: 'tool_call', name: 'write_config', arguments: { edit: [experimentEdit, variantEdit] } } },
    ];
    const result = flattenConfigWrites({ config_writes: wrapped });
    expect(result.edits).toEqual([variantEdit, experimentEdit, variantEdit]);
    expect(result.rawWrites).toEqual(wrapped);
    expect(result.warnings).toEqual([]);
  });

  it('accepts a bare list and keeps bare edits as they are', () => {
    const result = flattenConfigWrites([variantEdit, experimentEdit]);
    expect(result.edits).toEqual([variantEdit, experimentEdit]);
    expect(result.rawWrites).toEqual([variantEdit, experimentEdit]);
  });

  it('skips garbage with a warning per write and keeps the rest', () => {
    const garbage = [
      'a string',
      42,
      null,
      { something: 'else' },
      { payload: { arguments: { edit: variantEdit } } }, // edit is not a list
      { payload: { arguments: { edit: [variantEdit, 'not an edit'] } } },
      { payload: null },
    ];
    const result = flattenConfigWrites({ config_writes: garbage });
    expect(result.edits).toEqual([variantEdit]);
    expect(result.rawWrites).toEqual(garbage);
    expect(result.warnings).toHaveLength(7);
  });

  it('cuts quoted garbage to 200 characters in warnings', () => {
    const result = flattenConfigWrites(['x'.repeat(1000)]);
    expect(result.warnings[0]).toContain('x'.repeat(200));
    expect(result.warnings[0]).not.toContain('x'.repeat(201));
  });

  it('treats a response that is neither a list nor an object with config_writes as empty', () => {
    expect(flattenConfigWrites({ writes: [variantEdit] })).toMatchObject({ edits: [], rawWrites: [] });
    expect(flattenConfigWrites(undefined)).toEqual({ edits: [], rawWrites: [], warnings: [] });
  });
});
