import { buildCandidateSystemTemplate, GENERATED_GUIDANCE_MARKER, stripGeneratedGuidance } from './system-template';

const examples = [{ inferenceId: '1', inputText: 'Paris is big .', outputText: '{"location":["Paris"]}' }];

describe('candidate system template', () => {
  it('appends format instructions and numbered worked examples to the base prompt', () => {
    const text = buildCandidateSystemTemplate({ baseTemplate: 'You extract entities.', formatInstructions: 'Reply with JSON.', examples });
    expect(text.startsWith('You extract entities.\n\n')).toBe(true);
    expect(text).toContain(GENERATED_GUIDANCE_MARKER);
    expect(text).toContain('Reply with JSON.');
    expect(text).toContain('Example 1\nInput:\nParis is big .\nOutput:\n{"location":["Paris"]}');
  });

  it('replaces guidance from an earlier session instead of stacking it', () => {
    const first = buildCandidateSystemTemplate({ baseTemplate: 'Base.', formatInstructions: 'Old rules.', examples });
    expect(stripGeneratedGuidance(first)).toBe('Base.');
    const second = buildCandidateSystemTemplate({ baseTemplate: first, formatInstructions: 'New rules.', examples: [] });
    expect(second).toContain('New rules.');
    expect(second).not.toContain('Old rules.');
    expect(second.split(GENERATED_GUIDANCE_MARKER)).toHaveLength(2);
  });

  it('wraps guidance that looks like template syntax in a raw block', () => {
    const tricky = [{ inferenceId: '1', inputText: 'write {{ name }} here', outputText: '{"person":[]}' }];
    const text = buildCandidateSystemTemplate({ baseTemplate: 'Base {{ x }}', formatInstructions: '', examples: tricky });
    expect(text).toContain('{% raw %}Worked examples');
    expect(text.trimEnd().endsWith('{% endraw %}')).toBe(true);
    expect(text.startsWith('Base {{ x }}')).toBe(true);
  });

  it('leaves plain guidance unwrapped', () => {
    expect(buildCandidateSystemTemplate({ baseTemplate: null, formatInstructions: 'JSON only.', examples })).not.toContain('{% raw %}');
  });
});

describe('extra instructions', () => {
  it('go between the format instructions and the worked examples', () => {
    const text = buildCandidateSystemTemplate({ baseTemplate: 'Base.', formatInstructions: 'Format.', extraInstructions: ['Think step by step.'], examples });
    expect(text.indexOf('Format.')).toBeLessThan(text.indexOf('Think step by step.'));
    expect(text.indexOf('Think step by step.')).toBeLessThan(text.indexOf('Worked examples'));
  });
});
