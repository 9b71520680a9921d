import { NEUTRAL_SENTENCES, randomTemplateEdit } from './random-template-edit';

const TEMPLATE = 'You extract entities. Be exact.\n{{ sentence }}\nReturn JSON. Use the lists given. Keep names as written.\n{# marker #}\n';

describe('randomTemplateEdit', () => {
  it('is reproducible per seed and always changes the template', () => {
    for (let seed = 0; seed < 50; seed++) {
      const edit = randomTemplateEdit(TEMPLATE, seed);
      expect(randomTemplateEdit(TEMPLATE, seed)).toEqual(edit);
      expect(edit.template).not.toBe(TEMPLATE);
      expect(edit.edits.length).toBeGreaterThan(0);
    }
  });

  it('never touches lines with template syntax, and keeps the trailing newline', () => {
    for (let seed = 0; seed < 50; seed++) {
      const { template } = randomTemplateEdit(TEMPLATE, seed);
      expect(template.match(/\{\{ sentence \}\}/g)).toHaveLength(1);
      expect(template.match(/\{# marker #\}/g)).toHaveLength(1);
      expect(template.endsWith('\n')).toBe(true);
    }
  });

  it('inserts a neutral sentence into a template that has no editable text', () => {
    const { template, edits } = randomTemplateEdit('{{ sentence }}', 3);
    expect(edits).toEqual(['insert']);
    expect(NEUTRAL_SENTENCES.some((s) => template.includes(s))).toBe(true);
    expect(template).toContain('{{ sentence }}');
  });
});
