import { findLatestQuestionText } from './user-questions';

const event = (payload: Record<string, unknown>) => ({ id: String(Math.random()), payload });

describe('findLatestQuestionText', () => {
  it('takes the newest user_questions event and joins its text blocks with newlines', () => {
    const events = [
      event({ type: 'user_questions', content: 'old question' }),
      event({ type: 'user_questions', content: [{ type: 'text', text: 'Which metric?' }, { type: 'image' }, { type: 'text', text: 'Any limits?' }] }),
      event({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'not a question' }] }),
    ];
    expect(findLatestQuestionText(events)).toBe('Which metric?\nAny limits?');
  });

  it('accepts string content', () => {
    expect(findLatestQuestionText([event({ type: 'user_questions', content: 'Is recall more important?' })])).toBe('Is recall more important?');
  });

  it('reads the structured questions list when there is no content', () => {
    const text = findLatestQuestionText([
      event({
        type: 'user_questions',
        questions: [
          { id: 'q1', header: 'Metric', question: 'Which metric matters?', type: 'multiple_choice', options: [{ id: 'o1', label: 'accuracy' }, { id: 'o2', label: 'latency' }] },
          { id: 'q2', question: 'Budget?', type: 'free_response' },
        ],
      }),
    ]);
    expect(text).toBe('Metric: Which metric matters?\n- accuracy\n- latency\n\nBudget?');
  });

  it('recognises auto-eval question events but not answer events', () => {
    expect(findLatestQuestionText([event({ type: 'auto_eval_example_labeling', content: 'Label this' })])).toBe('Label this');
    expect(findLatestQuestionText([event({ type: 'auto_eval_example_labeling_answers', content: 'mine' })])).toBeNull();
  });

  it('is null without a question or without text', () => {
    expect(findLatestQuestionText([event({ type: 'message', content: 'hi' })])).toBeNull();
    expect(findLatestQuestionText([event({ type: 'user_questions', content: [{ type: 'image' }] })])).toBeNull();
    expect(findLatestQuestionText([])).toBeNull();
  });
});
