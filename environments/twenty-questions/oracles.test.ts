import type { ChatCompletionRequest, ChatMessage } from '../../common/oracle-contract/chat-request';
import type { JsonOracleAnswer } from '../../common/oracle-contract/oracle';
import { createRng } from '../../common/oracle-contract/rng';
import { replyText } from './answers';
import { askerContentMistakes, VAGUE_QUESTIONS } from './asker-mistakes';
import { deduce } from './asker-strategy';
import { ATTRIBUTES, CATALOGUE } from './catalogue';
import { ASKER_DIFFICULTY, answererOracle, askerOracle, judgeAskerExample, judgeQuestion, secretOracle, TWENTY_QUESTIONS_ORACLES } from './oracles';
import { interpretQuestion } from './question-meaning';
import { ANSWER_QUESTION_SYSTEM_TEMPLATE, ASK_QUESTION_SYSTEM_TEMPLATE, GENERATE_SECRET_SYSTEM_TEMPLATE, type Answer } from './spec';
import { secretRequestText } from './helper-calls';

/** Requests shaped as the built-in gateway renders the example templates. */
function secretRequest(gameKey: string): ChatCompletionRequest {
  return { model: 'large', messages: [{ role: 'system', content: GENERATE_SECRET_SYSTEM_TEMPLATE }, { role: 'user', content: secretRequestText(gameKey) }] };
}

function answererRequest(secret: string, question: string): ChatCompletionRequest {
  return {
    model: 'large',
    messages: [
      { role: 'system', content: ANSWER_QUESTION_SYSTEM_TEMPLATE.replace('{{ secret }}', secret) },
      { role: 'user', content: question },
    ],
  };
}

function askerRequest(history: { question: string; answer: Answer }[]): ChatCompletionRequest {
  const messages: ChatMessage[] = [{ role: 'system', content: ASK_QUESTION_SYSTEM_TEMPLATE.replace('{{ remaining_questions }}', String(21 - history.length)) }];
  for (const { question, answer } of history) {
    messages.push({ role: 'assistant', content: JSON.stringify({ thinking: '…', question }) });
    messages.push({ role: 'user', content: replyText(answer, 'whatever') });
  }
  return { model: 'large', messages };
}

const ideal = (answer: ReturnType<typeof askerOracle.answer>) => (answer as JsonOracleAnswer).ideal;

/** Plays the asker's ideal strategy against a truthful answerer; `lie` flips the answer to one question number. */
function idealGame(secret: string, lie?: number): { solved: boolean; questions: string[] } {
  const history: { question: string; answer: Answer }[] = [];
  while (history.length < 21) {
    const question = ideal(askerOracle.answer(askerRequest(history))).question as string;
    let answer = judgeQuestion(secret, question).answer;
    if (history.length + 1 === lie && answer !== 'solved') answer = answer === 'yes' ? 'no' : 'yes';
    history.push({ question, answer });
    if (answer === 'solved') return { solved: true, questions: history.map((h) => h.question) };
  }
  return { solved: false, questions: history.map((h) => h.question) };
}

describe('secret generation oracle', () => {
  it('picks a catalogue thing, the same for the same request, varied across game keys', () => {
    const secrets = Array.from({ length: 40 }, (_, i) => ideal(secretOracle.answer(secretRequest(`task ${i}`))).secret as string);
    for (const secret of secrets) expect(CATALOGUE.map((c) => c.name)).toContain(secret);
    expect(new Set(secrets).size).toBeGreaterThanOrEqual(20);
    expect(ideal(secretOracle.answer(secretRequest('task 7')))).toEqual(ideal(secretOracle.answer(secretRequest('task 7'))));
    expect(secretOracle.answer(secretRequest('task 7'))).toMatchObject({ outputKeys: ['secret'], difficulty: 0 });
  });
});

describe('answerer oracle', () => {
  it('answers every attribute question about every thing truthfully', () => {
    for (const entry of CATALOGUE) {
      for (const attribute of ATTRIBUTES) {
        const answer = answererOracle.answer(answererRequest(entry.name, attribute.question)) as JsonOracleAnswer;
        expect([entry.name, attribute.id, answer.ideal.answer]).toEqual([entry.name, attribute.id, entry.traits.has(attribute.id) ? 'yes' : 'no']);
      }
    }
  });

  it('says solved when the question names the secret (or an alias), no for another thing or a vague question', () => {
    const answer = (secret: string, question: string) => ideal(answererOracle.answer(answererRequest(secret, question))).answer;
    expect(answer('dog', 'Is it a dog?')).toBe('solved');
    expect(answer('refrigerator', 'Is it a fridge?')).toBe('solved');
    expect(answer('dog', 'Is it a cat?')).toBe('no');
    expect(answer('dog', 'Is it something interesting?')).toBe('no');
    // a secret outside the catalogue can still be named; anything else is a sensible "no"
    expect(answer('narwhal', 'Is it a narwhal?')).toBe('solved');
    expect(answer('narwhal', 'Is it an animal?')).toBe('no');
  });

  it('explains without naming the secret, and only errs (rarely) on attribute answers', () => {
    const attribute = answererOracle.answer(answererRequest('dog', 'Is it a mammal?')) as JsonOracleAnswer;
    expect(attribute.ideal).toEqual({ explanation: 'The secret is a mammal.', answer: 'yes' });
    expect(attribute.difficulty).toBeGreaterThan(0);
    expect(attribute.difficulty).toBeLessThan(0.2);
    expect((answererOracle.answer(answererRequest('dog', 'Is it a dog?')) as JsonOracleAnswer).difficulty).toBe(0);
    const flipped = attribute.mistakes[0].apply(attribute.ideal, createRng('x'));
    expect(flipped).toEqual({ explanation: 'The secret is a mammal.', answer: 'no' });
  });
});

describe('asker oracle (ask_question)', () => {
  it('solves every catalogue secret with ideal play, without repeating a question, in few questions', () => {
    const counts: number[] = [];
    for (const entry of CATALOGUE) {
      const game = idealGame(entry.name);
      expect([entry.name, game.solved]).toEqual([entry.name, true]);
      expect(new Set(game.questions).size).toBe(game.questions.length);
      counts.push(game.questions.length);
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeLessThan(8);
  });

  it('stays consistent with the answers: every thing it still considers fits them', () => {
    const secret = 'guitar';
    const history: { question: string; answer: Answer }[] = [];
    for (let i = 0; i < 4; i++) {
      const question = ideal(askerOracle.answer(askerRequest(history))).question as string;
      history.push({ question, answer: judgeQuestion(secret, question).answer });
    }
    const { candidates } = deduce(history);
    expect(candidates.map((c) => c.name)).toContain(secret);
    for (const candidate of candidates) {
      for (const { question, answer } of history) expect(judgeQuestion(candidate.name, question).answer).toBe(answer);
    }
  });

  it('does not see the secret: its answer depends only on the conversation', () => {
    // the same conversation, whatever the secret behind it, gets the same ideal question
    const history: { question: string; answer: Answer }[] = [{ question: 'Is it made by people?', answer: 'yes' }];
    const a = askerOracle.answer(askerRequest(history));
    expect(JSON.stringify(askerRequest(history))).not.toMatch(/Secret:/);
    expect(ideal(a)).toEqual(ideal(askerOracle.answer(askerRequest(history))));
  });

  it('recovers from a wrong answer by keeping the things that contradict the fewest answers', () => {
    for (const secret of ['dog', 'piano', 'lemon', 'beach']) {
      expect([secret, idealGame(secret, 2).solved]).toEqual([secret, true]);
    }
  });

  it('guesses when one thing is left, and on its last question', () => {
    const mammalsThatClimb: { question: string; answer: Answer }[] = [
      { question: 'Is it a mammal?', answer: 'yes' },
      { question: 'Can it climb?', answer: 'yes' },
    ];
    expect(ideal(askerOracle.answer(askerRequest(mammalsThatClimb)))).toEqual({ thinking: 'Only cat fits every answer so far, so I guess it.', question: 'Is it a cat?' });
    const twenty = Array.from({ length: 20 }, () => ({ question: 'Is it something interesting?', answer: 'no' as Answer }));
    expect(interpretQuestion(ideal(askerOracle.answer(askerRequest(twenty))).question as string).kind).toBe('guess');
  });

  it('makes the documented mistakes: vague, repeated, uninformative questions and premature guesses', () => {
    const history: { question: string; answer: Answer }[] = [{ question: 'Is it a mammal?', answer: 'yes' }];
    const deduction = deduce(history);
    const mistakes = Object.fromEntries(askerContentMistakes(deduction).map((m) => [m.name, m]));
    const value = { thinking: 't', question: 'Is it a pet?' };
    const rng = createRng('mistakes');
    expect(VAGUE_QUESTIONS).toContain(mistakes.vague_question.apply(value, rng)!.question);
    expect(mistakes.repeated_question.apply(value, rng)!.question).toBe('Is it a mammal?');
    const uninformative = interpretQuestion(mistakes.uninformative_question.apply(value, rng)!.question as string);
    expect(uninformative.kind).toBe('attribute');
    const guess = interpretQuestion(mistakes.premature_guess.apply(value, rng)!.question as string);
    expect(guess.kind === 'guess' && deduction.candidates.includes(guess.item)).toBe(true);
    expect(askerContentMistakes(deduce([])).find((m) => m.name === 'repeated_question')!.apply(value, rng)).toBeNull();
  });

  it('marks the game’s own earlier turns as its episode, not as worked examples', () => {
    const later = askerRequest([{ question: 'Is it an animal?', answer: 'no' }, { question: 'Is it a food?', answer: 'yes' }]);
    const answer = askerOracle.answer(later) as JsonOracleAnswer;
    expect(answer.conversation).toBe('episode');
    expect(answer.difficulty).toBe(ASKER_DIFFICULTY);
  });

  it('judges a worked example by its question: a splitting question or a guess is right, a vague one demonstrates the vague-question mistake', () => {
    const judge = (question: string) => judgeAskerExample({ input: 'Example:', output: { thinking: 't', question } });
    expect(judge('Is it an animal?')).toEqual({ instance: 'is it an animal?', correct: true, demonstrates: [] });
    expect(judge('Is it a piano?')?.correct).toBe(true);
    expect(judge(VAGUE_QUESTIONS[0])).toEqual({ instance: VAGUE_QUESTIONS[0].toLowerCase(), correct: false, demonstrates: ['vague_question'] });
    expect(judgeAskerExample({ input: 'x', output: { question: 'Is it an animal?' } })).toBeNull();
  });
});

describe('recognising 21 Questions requests', () => {
  it('routes each call to its oracle and leaves other requests alone', () => {
    const route = (request: ChatCompletionRequest) => TWENTY_QUESTIONS_ORACLES.find((oracle) => oracle.answer(request) !== null)?.name ?? null;
    expect(route(secretRequest('task 1'))).toBe('21_questions_v0::generate_secret');
    expect(route(answererRequest('dog', 'Is it alive?'))).toBe('21_questions_v0::answer_question');
    expect(route(askerRequest([]))).toBe('21_questions_v0::ask_question');
    // the interlocutor may quote the autopilot's "21 questions" message in a user turn
    expect(route({ model: 'large', messages: [{ role: 'system', content: 'You answer an optimisation assistant.' }, { role: 'user', content: 'Improve the win rate of this 21 questions game agent.' }] })).toBeNull();
    // an optimised asker prompt without the game's name is still recognised by its output schema
    expect(
      route({
        model: 'large',
        messages: [{ role: 'system', content: 'Find the hidden thing.' }],
        response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { properties: { thinking: {}, question: {} } } } },
      }),
    ).toBe('21_questions_v0::ask_question');
  });
});
