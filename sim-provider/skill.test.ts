import { extractPromptFeatures, type PromptFeatures } from './prompt-features';
import { drawResponseSurface } from './response-surface';
import { errorProfile, exampleFactor, temperatureFactor } from './skill';
import { SIM_TIERS } from './tiers';
import { NO_EXAMPLES, type ExampleAssessment } from './worked-examples';

const base: PromptFeatures = {
  mentionsJson: true,
  outputKeys: ['a', 'b'],
  namesOutputKeys: true,
  foreignKeys: [],
  responseFormat: 'none',
  formatInstructions: true,
  examples: NO_EXAMPLES,
  asksStepByStep: false,
  contradictions: [],
  reasoningKey: null,
  temperature: null,
};
const surface = drawResponseSurface(1);
const examples = (counts: Partial<ExampleAssessment>): ExampleAssessment => ({ ...NO_EXAMPLES, ...counts });

describe('errorProfile', () => {
  it('makes bigger tiers err less', () => {
    const rates = (['small', 'medium', 'large'] as const).map((t) => errorProfile(SIM_TIERS[t], base, surface));
    expect(rates[0].mistakeRate).toBeGreaterThan(rates[1].mistakeRate);
    expect(rates[1].mistakeRate).toBeGreaterThan(rates[2].mistakeRate);
    expect(rates[0].malformedJsonProbability).toBeGreaterThan(rates[2].malformedJsonProbability);
  });

  it('lowers the mistake rate with correct examples and low temperature, raises it with contradictions', () => {
    const small = SIM_TIERS.small;
    const plain = errorProfile(small, base, surface).mistakeRate;
    expect(errorProfile(small, { ...base, examples: examples({ shown: 2, correct: 2 }) }, surface).mistakeRate).toBeLessThan(plain);
    expect(errorProfile(small, { ...base, temperature: 0 }, surface).mistakeRate).toBeLessThan(plain);
    expect(errorProfile(small, { ...base, temperature: 1.5 }, surface).mistakeRate).toBeGreaterThan(plain);
    expect(errorProfile(small, { ...base, contradictions: ['reply_format'] }, surface).mistakeRate).toBeGreaterThan(plain);
  });

  it('makes malformed JSON likely without format instructions and near impossible with a json_schema', () => {
    const small = SIM_TIERS.small;
    const none = { ...base, mentionsJson: false, namesOutputKeys: false, formatInstructions: false };
    expect(errorProfile(small, none, surface).malformedJsonProbability).toBeGreaterThan(0.3);
    expect(errorProfile(small, base, surface).malformedJsonProbability).toBeLessThan(0.1);
    expect(errorProfile(small, { ...none, responseFormat: 'json_schema', formatInstructions: true }, surface).malformedJsonProbability).toBeLessThan(0.01);
  });

  it('makes schema violations likely when the keys are never shown or other keys are asked for, and impossible with a json_schema', () => {
    const small = SIM_TIERS.small;
    const unknownKeys = { ...base, namesOutputKeys: false, formatInstructions: false };
    expect(errorProfile(small, unknownKeys, surface).schemaViolationProbability).toBeGreaterThan(0.5);
    expect(errorProfile(small, { ...unknownKeys, examples: examples({ shown: 1, irrelevant: 1 }) }, surface).schemaViolationProbability).toBeLessThan(0.1);
    expect(errorProfile(small, { ...base, foreignKeys: ['persons'], formatInstructions: false }, surface).schemaViolationProbability).toBeGreaterThan(0.5);
    expect(errorProfile(small, { ...unknownKeys, responseFormat: 'json_schema' }, surface).schemaViolationProbability).toBe(0);
  });

  it('raises the weight of the mistakes wrong examples demonstrate', () => {
    const profile = errorProfile(SIM_TIERS.small, { ...base, examples: examples({ shown: 2, wrong: 2, demonstrates: { mislabelled_category: 2 } }) }, surface);
    expect(profile.mistakeWeights).toEqual({ mislabelled_category: 7 });
  });

  it('works on features extracted from a real request', () => {
    const features = extractPromptFeatures({ model: 'large', messages: [{ role: 'user', content: 'hello' }] });
    expect(errorProfile(SIM_TIERS.large, features, surface).mistakeRate).toBeGreaterThan(0);
  });
});

describe('factors', () => {
  it('gives correct examples diminishing returns up to the optimum, then a cost per extra example', () => {
    const at = (correct: number) => exampleFactor(examples({ shown: correct, correct }), surface);
    expect(at(0)).toBe(1);
    expect(1 - at(1)).toBeGreaterThan(at(1) - at(2));
    const optimum = surface.exampleOptimum;
    expect(at(optimum + 6)).toBeGreaterThan(at(optimum));
  });

  it('makes wrong examples worse than none, and irrelevant or duplicate ones worth nothing', () => {
    expect(exampleFactor(examples({ shown: 3, wrong: 3 }), surface)).toBeGreaterThan(1.5);
    expect(exampleFactor(examples({ shown: 1, irrelevant: 1 }), surface)).toBe(1);
    expect(exampleFactor(examples({ shown: 1, correct: 1, duplicates: 5 }), surface)).toBe(exampleFactor(examples({ shown: 1, correct: 1 }), surface));
  });

  it('treats an unset temperature as neutral and clamps the extremes', () => {
    expect(temperatureFactor(null, surface)).toBe(1);
    expect(temperatureFactor(0, surface)).toBeLessThan(1);
    expect(temperatureFactor(2, surface)).toBeCloseTo(1 + 1.5 * surface.temperatureSlope);
  });
});
