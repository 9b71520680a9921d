import { outputShape, quantile, selectFewShotExamples, successfulInferences, toWorkedExamples, type WorkedExample } from './few-shot-selection';
import { nerInference, nerInferences } from '../../../test/fixtures/ner-train-data';

const EXACT = { type: 'boolean', optimize: 'max', level: 'episode' } as const;
const JACCARD = { type: 'float', optimize: 'max', level: 'episode' } as const;

describe('successfulInferences', () => {
  it('keeps only inferences whose boolean metric is true when maximising', () => {
    const picked = successfulInferences(nerInferences(), 'exact_match', EXACT);
    expect(picked).toHaveLength(8);
    expect(picked.every((i) => i.feedback.exact_match === true)).toBe(true);
  });

  it('keeps false values when the boolean metric is minimised', () => {
    const picked = successfulInferences(nerInferences(), 'exact_match', { ...EXACT, optimize: 'min' });
    expect(picked.every((i) => i.feedback.exact_match === false)).toBe(true);
    expect(picked).toHaveLength(4);
  });

  it('keeps float values at or above the 75th percentile', () => {
    const inferences = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((v, i) => nerInference(i, `sentence ${i}`, { person: [] }, { score: v }));
    const picked = successfulInferences(inferences, 'score', JACCARD);
    expect(picked.map((i) => i.feedback.score)).toEqual([0.7, 0.8, 0.9]);
  });

  it('ignores inferences without feedback for the metric', () => {
    expect(successfulInferences(nerInferences({ withFeedback: false }), 'exact_match', EXACT)).toEqual([]);
  });

  it('interpolates quantiles', () => {
    expect(quantile([0, 10], 0.75)).toBe(7.5);
  });
});

describe('toWorkedExamples', () => {
  it('renders input text and compact output JSON, skipping unparsed outputs', () => {
    const examples = toWorkedExamples(nerInferences());
    expect(examples).toHaveLength(10);
    expect(examples[0]).toEqual({
      inferenceId: expect.any(String),
      inputText: 'Maria Lopez joined Siemens in Munich last spring .',
      outputText: '{"person":["Maria Lopez"],"organization":["Siemens"],"location":["Munich"],"miscellaneous":[]}',
    });
  });

  it('keeps one example per distinct input', () => {
    const a = nerInference(1, 'Paris is big .', { location: ['Paris'] }, {});
    const b = nerInference(2, '  paris IS   big . ', { location: ['Paris'] }, {});
    expect(toWorkedExamples([a, b])).toHaveLength(1);
  });
});

function example(id: string, inputText: string, outputText = '{"person":["X"]}'): WorkedExample {
  return { inferenceId: id, inputText, outputText };
}

describe('selectFewShotExamples', () => {
  it('picks at most k examples', () => {
    const pool = toWorkedExamples(successfulInferences(nerInferences(), 'exact_match', EXACT));
    expect(selectFewShotExamples(pool, { k: 4, charBudget: 10_000 })).toHaveLength(4);
  });

  it('prefers inputs unlike the ones already picked', () => {
    const pool = [
      example('a', 'football match in london today'),
      example('b', 'football match in london tonight'),
      example('c', 'central bank raises interest rates'),
    ];
    const picked = selectFewShotExamples(pool, { k: 2, charBudget: 10_000 });
    expect(picked.map((e) => e.inferenceId).sort()).toContain('c');
    expect(picked.map((e) => e.inputText).filter((t) => t.startsWith('football'))).toHaveLength(1);
  });

  it('stays within the character budget', () => {
    const pool = Array.from({ length: 10 }, (_, i) => example(`e${i}`, `${'word'.repeat(5)} number ${i} ${'x'.repeat(i * 10)}`));
    const budget = 150;
    const picked = selectFewShotExamples(pool, { k: 10, charBudget: budget });
    const used = picked.reduce((n, e) => n + e.inputText.length + e.outputText.length, 0);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.length).toBeLessThan(10);
    expect(used).toBeLessThanOrEqual(budget);
  });

  it('returns nothing for k = 0 or when no example fits', () => {
    const pool = [example('a', 'long input '.repeat(50))];
    expect(selectFewShotExamples(pool, { k: 0, charBudget: 10_000 })).toEqual([]);
    expect(selectFewShotExamples(pool, { k: 3, charBudget: 20 })).toEqual([]);
  });

  it('starts from a different example when rotated', () => {
    const pool = toWorkedExamples(successfulInferences(nerInferences(), 'exact_match', EXACT));
    const first = selectFewShotExamples(pool, { k: 2, charBudget: 10_000, rotation: 0 });
    const second = selectFewShotExamples(pool, { k: 2, charBudget: 10_000, rotation: 1 });
    expect(second[0].inferenceId).not.toBe(first[0].inferenceId);
  });

  it('starts from the example whose output shows the most entity kinds', () => {
    const pool = toWorkedExamples(successfulInferences(nerInferences(), 'exact_match', EXACT));
    const [first] = selectFewShotExamples(pool, { k: 1, charBudget: 10_000 });
    expect(first.inputText).toBe('Maria Lopez joined Siemens in Munich last spring .');
  });
});

describe('output-shape diversity', () => {
  it('describes what an output shows', () => {
    expect(outputShape('{"person":["A"],"location":[],"organization":["B"]}')).toBe('object:organization+person');
    expect(outputShape('go forward')).toBe('answer:go forward');
    expect(outputShape('[tool call lookup {"id":1}]')).toBe('tool:lookup');
    expect(outputShape('A long reply.\nWith two lines.')).toBe('text');
  });

  it('covers different output shapes before similar ones, even when their inputs differ less', () => {
    const pool = [
      example('a', 'you see a red ball 1 step forward', 'pick up'),
      example('b', 'market prices fell sharply on a cold monday morning', 'pick up'),
      example('c', 'you see a red ball 2 steps forward', 'go forward'),
    ];
    const picked = selectFewShotExamples(pool, { k: 2, charBudget: 10_000 });
    expect(picked.map((e) => e.inferenceId).sort()).toEqual(['a', 'c']);
  });
});

describe('successfulInferences with a sparse float reward', () => {
  it('keeps only values better than the worst when most values are the worst', () => {
    const inferences = [0, 0, 0, 0, 0, 0, 0.8, 0.9].map((v, i) => nerInference(i, `step ${i}`, { person: [] }, { reward: v }));
    expect(successfulInferences(inferences, 'reward', JACCARD).map((i) => i.feedback.reward)).toEqual([0.8, 0.9]);
    expect(successfulInferences(inferences.slice(0, 6), 'reward', JACCARD)).toEqual([]);
  });
});
