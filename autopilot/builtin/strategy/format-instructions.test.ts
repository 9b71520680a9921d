import { buildFormatInstructions, describeSchemaType } from './format-instructions';
import { NER_OUTPUT_SCHEMA } from '../../../test/fixtures/ner-train-data';

describe('buildFormatInstructions', () => {
  it('lists exactly the keys of a json function output schema, with their types', () => {
    const text = buildFormatInstructions('json', NER_OUTPUT_SCHEMA, true);
    expect(text).toContain('a single JSON object with exactly these keys: "person", "organization", "location", "miscellaneous".');
    expect(text).toContain('- "person": a list of strings');
    expect(text).toContain('- "miscellaneous": a list of strings');
    expect(text).toContain('Every key is required.');
    expect(text).toContain('Use an empty list [] when there is nothing for a key');
    expect(text).toMatch(/no markdown code fences/);
  });

  it('marks optional keys and carries property descriptions and enums', () => {
    const schema = {
      type: 'object',
      properties: {
        label: { type: 'string', enum: ['spam', 'ham'] },
        reason: { type: 'string', description: 'one sentence' },
      },
      required: ['label'],
    };
    const text = buildFormatInstructions('json', schema, false);
    expect(text).toContain('- "label": one of "spam", "ham"');
    expect(text).toContain('- "reason": a string (one sentence), may be omitted');
    expect(text).not.toContain('Every key is required.');
  });

  it('still asks for bare JSON when the schema has no properties', () => {
    expect(buildFormatInstructions('json', null, false)).toMatch(/single valid JSON object/);
  });

  it('only points chat functions at the examples, and says nothing without examples', () => {
    expect(buildFormatInstructions('chat', null, true)).toMatch(/worked examples/);
    expect(buildFormatInstructions('chat', null, false)).toBe('');
  });

  it('describes nullable types by their non-null type', () => {
    expect(describeSchemaType({ type: ['null', 'integer'] })).toBe('an integer');
  });
});
