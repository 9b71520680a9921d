import { parseAnswer } from '../../../environments/babyai/answers';
import { detectChatAnswerForm, planChainOfThought, REASONING_KEY } from './chain-of-thought';

describe('detectChatAnswerForm', () => {
  it('reads the majority form of successful outputs', () => {
    expect(detectChatAnswerForm(['go forward', 'turn left', 'pick up'])).toBe('bare_answer');
    expect(detectChatAnswerForm(['{"action":"go forward"}', '{"action":"pick up"}', 'drop'])).toBe('json_object');
    expect(detectChatAnswerForm(['Sure! Here is a longer answer that explains the refund policy in detail.'])).toBe('free_text');
    expect(detectChatAnswerForm(['[tool call lookup {"id":1}]'])).toBe('tool_calls');
    expect(detectChatAnswerForm([])).toBe('unknown');
  });

  it('prefers the form chain of thought must not touch on a tie', () => {
    expect(detectChatAnswerForm(['{"a":1}', 'go forward'])).toBe('bare_answer');
  });
});

describe('planChainOfThought', () => {
  it('is not offered for json functions or bare answers, with a reason', () => {
    expect(planChainOfThought('json', ['{"a":1}'])).toMatchObject({ offered: false, form: 'json_function' });
    const babyai = planChainOfThought('chat', ['go forward', 'turn left', 'pick up']);
    expect(babyai).toMatchObject({ offered: false, form: 'bare_answer' });
    expect(babyai.offered ? '' : babyai.reason).toMatch(/would not parse/);
    // why: BabyAI's parser does not understand an action with reasoning around it
    expect(parseAnswer('I see the ball ahead, so: go forward')).toBeNull();
  });

  it('puts the reasoning in a leading key of JSON answers, so a key-reading parser still finds the answer', () => {
    const plan = planChainOfThought('chat', ['{"action":"go forward"}', '{"action":"turn left"}']);
    expect(plan.offered).toBe(true);
    if (!plan.offered) return;
    expect(plan.instructions).toContain(`first key is "${REASONING_KEY}"`);
    expect(plan.instructions).toContain('"action"');
    expect(plan.instructions).toMatch(/step by step/);
    // an answer that follows the instructions still parses with BabyAI's JSON form
    expect(parseAnswer('{"reasoning": "The ball is one step ahead.", "action": "pick up"}')).toBe('pick up');
  });
});
