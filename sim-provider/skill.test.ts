import { extractPromptFeatures, type PromptFeatures } from './prompt-features';
import { errorProfile, exampleFactor, temperatureFactor } from './skill';
import { SIM_TIERS } from './tiers';

const base: PromptFeatures = {
  mentionsJson: true,
  outputKeys: ['a', 'b'],
  namesOutputKeys: true,
  responseFormat: 'none',
  formatInstructions: true,
  workedExamples: 0,
  asksStepByStep: false,
  reasoningKey: null,
  temperature: null,
};

describe('errorProfile', () => {
  it('makes bigger tiers err less', () => {
    const rates = (['small', 'medium', 'large'] as const).map((t) => errorProfile(SIM_TIERS[t], base));
    expect(rates[0].mistakeRate).toBeGreaterThan(rates[1].mistakeRate);
    expect(rates[1].mistakeRate).toBeGreaterThan(rates[2].mistakeRate);
    expect(rates[0].malformedJsonProbability).toBeGreaterThan(rates[2].malformedJsonProbability);
  });

  it('lowers the mistake rate with examples, step-by-step requests and low temperature', () => {
    const small = SIM_TIERS.small;
    const plain = errorProfile(small, base).mistakeRate;
    expect(errorProfile(small, { ...base, workedExamples: 3 }).mistakeRate).toBeLessThan(plain);
    expect(errorProfile(small, { ...base, asksStepByStep: true }).mistakeRate).toBeLessThan(plain);
    expect(errorProfile(small, { ...base, temperature: 0 }).mistakeRate).toBeLessThan(plain);
    expect(errorProfile(small, { ...base, temperature: 1.5 }).mistakeRate).toBeGreaterThan(plain);
  });

  it('makes malformed JSON likely without format instructions and near impossible with a json_schema', () => {
    const small = SIM_TIERS.small;
    const none = { ...base, mentionsJson: false, namesOutputKeys: false, formatInstructions: false };
    expect(errorProfile(small, none).malformedJsonProbability).toBeGreaterThan(0.3);
    expect(errorProfile(small, base).malformedJsonProbability).toBeLessThan(0.1);
    expect(errorProfile(small, { ...none, responseFormat: 'json_schema', formatInstructions: true }).malformedJsonProbability).toBeLessThan(0.01);
  });

  it('makes schema violations likely when the keys are never shown, and impossible with a json_schema', () => {
    const small = SIM_TIERS.small;
    const unknownKeys = { ...base, namesOutputKeys: false, formatInstructions: false };
    expect(errorProfile(small, unknownKeys).schemaViolationProbability).toBeGreaterThan(0.5);
    expect(errorProfile(small, { ...unknownKeys, workedExamples: 1 }).schemaViolationProbability).toBeLessThan(0.1);
    expect(errorProfile(small, { ...unknownKeys, responseFormat: 'json_schema' }).schemaViolationProbability).toBe(0);
  });

  it('works on features extracted from a real request', () => {
    const features = extractPromptFeatures({ model: 'large', messages: [{ role: 'user', content: 'hello' }] });
    const profile = errorProfile(SIM_TIERS.large, features);
    expect(profile.mistakeRate).toBeGreaterThan(0);
  });
});

describe('factors', () => {
  it('gives worked examples diminishing returns', () => {
    expect(exampleFactor(0)).toBe(1);
    expect(1 - exampleFactor(1)).toBeGreaterThan(exampleFactor(1) - exampleFactor(2));
    expect(exampleFactor(50)).toBeGreaterThan(0.5);
  });

  it('treats an unset temperature as neutral and clamps the extremes', () => {
    expect(temperatureFactor(null)).toBe(1);
    expect(temperatureFactor(0)).toBeLessThan(1);
    expect(temperatureFactor(2)).toBe(1.45);
  });
});
