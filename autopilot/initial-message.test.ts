import { EXAMPLE_EXPERIMENTATION, buildInitialMessage, filterAvailableModels, providerOf } from './initial-message';

const MODELS = [
  'openai::gpt-5-mini',
  'anthropic::claude-sonnet-4-6',
  'google_ai_studio_gemini::gemini-3-flash',
  'fireworks::accounts/fireworks/models/x',
  'sim::large',
  'my_custom_model',
];

describe('filterAvailableModels', () => {
  it('keeps models whose provider key is set and those that need no key', () => {
    expect(filterAvailableModels(MODELS, { OPENAI_API_KEY: 'sk-test-1234567890', FIREWORKS_API_KEY: 'fw' })).toEqual([
      'openai::gpt-5-mini',
      'fireworks::accounts/fireworks/models/x',
      'sim::large',
      'my_custom_model',
    ]);
  });

  it('accepts either Gemini key', () => {
    expect(filterAvailableModels(['google_ai_studio_gemini::g'], { GEMINI_API_KEY: 'k' })).toEqual(['google_ai_studio_gemini::g']);
    expect(filterAvailableModels(['google_ai_studio_gemini::g'], { GOOGLE_AI_STUDIO_API_KEY: 'k' })).toEqual(['google_ai_studio_gemini::g']);
  });

  it('treats an empty key as unset', () => {
    expect(filterAvailableModels(['anthropic::claude-sonnet-4-6'], { ANTHROPIC_API_KEY: '' })).toEqual([]);
  });

  it('reads the provider from the text before the first ::', () => {
    expect(providerOf('openai::ft::x')).toBe('openai');
    expect(providerOf('plain')).toBe('');
  });
});

describe('buildInitialMessage', () => {
  it('starts with the configured message, then lists the usable models and the temperature constraint', () => {
    const message = buildInitialMessage({ initialMessage: 'Improve the NER function.', availableModels: MODELS, env: { ANTHROPIC_API_KEY: 'k' } });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Improve the NER function.');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/following models are available/);
    expect(lines.slice(3, 6)).toEqual(['- anthropic::claude-sonnet-4-6', '- sim::large', '- my_custom_model']);
    expect(lines[6]).toBe('');
    expect(lines[7]).toMatch(/^Model-specific constraints/);
    expect(lines[8]).toMatch(/^- Do not set `temperature`/);
    expect(message).not.toContain('openai::gpt-5-mini');
  });

  it('keeps the constraints header when every model is filtered out', () => {
    const message = buildInitialMessage({ initialMessage: 'Go.', availableModels: ['openai::gpt-5'], env: {} });
    expect(message).toMatch(/available for new variants:\n\nModel-specific constraints:/);
    expect(message).not.toContain('- openai::gpt-5');
  });

  it('omits the model part when no models are configured', () => {
    const message = buildInitialMessage({ initialMessage: 'Go.', availableModels: [], env: {} });
    expect(message).not.toContain('Model-specific constraints');
    expect(message.startsWith('Go.\n\nSuggested strategy:')).toBe(true);
  });

  it('ends with the strategy guidance and a valid JSON example with the original values', () => {
    const message = buildInitialMessage({ initialMessage: 'Go.', availableModels: [], env: {} });
    expect(message).toMatch(/topK evaluation/);
    expect(message).toMatch(/`update_period_s` to 5/);
    const json = message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1);
    const example = JSON.parse(json);
    expect(example).toEqual(EXAMPLE_EXPERIMENTATION);
    expect(example.function_name).toBe('my_function');
    expect(example.experimentation).toMatchObject({
      type: 'track_and_stop',
      metric: 'success',
      min_samples_per_variant: 5,
      update_period_s: 5,
      delta: 0.1,
    });
    expect(example.experimentation.candidate_variants).toHaveLength(4);
    expect(example.experimentation.fallback_variants).toHaveLength(1);
  });
});
