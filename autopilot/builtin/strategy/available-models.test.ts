import { modelTierScore, parseAvailableModels, rankModelsByStrength } from './available-models';
import { nerInitialMessage } from '../../../test/fixtures/ner-train-data';

describe('parseAvailableModels', () => {
  it('reads the provider::model bullet lines of the initial message, in order', () => {
    const message = nerInitialMessage(['anthropic::claude-haiku-4-5', 'openai::gpt-5-mini', 'fireworks::fireworks/glm-5']);
    expect(parseAvailableModels(message)).toEqual(['anthropic::claude-haiku-4-5', 'openai::gpt-5-mini', 'fireworks::fireworks/glm-5']);
  });

  it('ignores bullets that are not model names and drops duplicates', () => {
    const message = '- Do not set temperature.\n- sim::large\n* `sim::small`\n- sim::large\nuse sim::medium inline';
    expect(parseAvailableModels(message)).toEqual(['sim::large', 'sim::small']);
  });

  it('returns nothing when the message lists no models', () => {
    expect(parseAvailableModels('Improve exact match.')).toEqual([]);
  });
});

describe('rankModelsByStrength', () => {
  it('puts names hinting at larger models first', () => {
    expect(rankModelsByStrength(['sim::small', 'sim::medium', 'sim::large'])).toEqual(['sim::large', 'sim::medium', 'sim::small']);
  });

  it('keeps the message order among models without a hint', () => {
    expect(rankModelsByStrength(['fireworks::glm-5', 'openai::gpt-5-mini', 'google::gemini-pro', 'fireworks::kimi-k2'])).toEqual([
      'google::gemini-pro',
      'fireworks::glm-5',
      'fireworks::kimi-k2',
      'openai::gpt-5-mini',
    ]);
  });

  it('scores only the model part, not the provider', () => {
    expect(modelTierScore('large_provider::tiny')).toBe(1);
  });
});
