import { metricMentionedIn, metricWithMostFeedback, pickMetric, pickTargetFunction } from './target-selection';
import { nerInferences, NER_FUNCTION } from '../../../test/fixtures/ner-train-data';

const METRICS = ['exact_match', 'jaccard_similarity'];

describe('metric detection', () => {
  it('finds a metric written with spaces instead of underscores', () => {
    expect(metricMentionedIn('Improve the exact match accuracy of this function.', METRICS)).toBe('exact_match');
  });

  it('finds a metric written by its name, case-insensitively', () => {
    expect(metricMentionedIn('Optimise JACCARD_SIMILARITY please', METRICS)).toBe('jaccard_similarity');
  });

  it('does not match a metric name inside another word', () => {
    expect(metricMentionedIn('inexact_matching is bad', METRICS)).toBeNull();
  });

  it('prefers the longest mentioned name', () => {
    expect(metricMentionedIn('success and task success rate', ['success', 'task_success'])).toBe('task_success');
  });

  it('falls back to the metric with the most feedback on the function', () => {
    const inferences = nerInferences();
    inferences[0].feedback = { exact_match: true };
    inferences.forEach((i, n) => n > 0 && (i.feedback = { jaccard_similarity: 1 }));
    expect(metricWithMostFeedback(inferences, METRICS)).toBe('jaccard_similarity');
    expect(pickMetric('Make it better.', inferences, METRICS)).toEqual({ name: 'jaccard_similarity', reason: 'most_feedback' });
  });

  it('gives up when nothing names a metric and there is no feedback', () => {
    expect(pickMetric('Make it better.', nerInferences({ withFeedback: false }), METRICS)).toBeNull();
  });
});

describe('target function', () => {
  it('picks the function with the most stored inferences', () => {
    expect(pickTargetFunction({ [NER_FUNCTION]: 40, 'other::fn': 3 }, '')).toEqual({ name: NER_FUNCTION, reason: 'most_inferences' });
  });

  it('breaks a tie with the function the message mentions (short name is enough)', () => {
    expect(pickTargetFunction({ [NER_FUNCTION]: 5, 'other::summarize': 5 }, 'Improve extract_entities')).toEqual({
      name: NER_FUNCTION,
      reason: 'mentioned',
    });
  });

  it('cannot decide an unmentioned tie', () => {
    expect(pickTargetFunction({ a: 5, b: 5 }, 'Improve things')).toBeNull();
  });

  it('takes the only function when there is no data', () => {
    expect(pickTargetFunction({ [NER_FUNCTION]: 0 }, '')).toEqual({ name: NER_FUNCTION, reason: 'only_function' });
  });
});

describe('functions named in full and helper functions', () => {
  test('a function the request names in full wins over inference counts', () => {
    expect(pickTargetFunction({ '21_questions_v0::ask_question': 568, '21_questions_v0::answer_question': 569 }, 'Improve 21_questions_v0::ask_question.')).toEqual({
      name: '21_questions_v0::ask_question',
      reason: 'mentioned',
    });
  });

  test("an environment's helper functions are never optimisation targets", () => {
    const { userFunctionNames } = jest.requireActual('./config-types') as typeof import('./config-types');
    const { auxiliaryDescription } = jest.requireActual('../../../gateway/t0-config') as typeof import('../../../gateway/t0-config');
    const config = {
      functions: {
        '21_questions_v0::ask_question': { type: 'json', variants: {} },
        '21_questions_v0::answer_question': { type: 'json', variants: {}, description: auxiliaryDescription('21_questions_v0') },
        'tensorzero::default': { type: 'chat', variants: {} },
      },
      metrics: {},
    };
    expect(userFunctionNames(config as never)).toEqual(['21_questions_v0::ask_question']);
  });
});
