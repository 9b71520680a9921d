import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { VAGUE_QUESTIONS } from '../../environments/twenty-questions/asker-mistakes';
import { TWENTY_QUESTIONS_ORACLES } from '../../environments/twenty-questions/oracles';
import { ASK_QUESTION_OUTPUT_SCHEMA, ASK_QUESTION_SYSTEM_TEMPLATE } from '../../environments/twenty-questions/spec';
import { simulateCompletion } from '../../sim-provider/simulate';
import { measureGames } from '../support/simulated-games';

/**
 * The simulator judges the 21 Questions asker's prompt by content (issue 14, item 2): worked
 * examples by whether their questions are good ones, instructions by polarity and consistency,
 * and the task by its output schema when a custom prompt drops the game's name. Whole games in
 * process, several seeds (so several response surfaces) per setting.
 */
const SEEDS = [1, 2, 3, 4];
const GAMES = 30;
const example = (question: string) => JSON.stringify({ thinking: 'Splitting what is left.', question });
const GOOD = ['Is it made by people?', 'Is it bigger than a breadbox?', 'Is it an animal?', 'Is it a piano?'].map(example);
const VAGUE = VAGUE_QUESTIONS.slice(0, 4).map(example);
const block = (examples: string[]) => `\nExamples of replies:\n${examples.join('\n')}`;

const asker = (extraSystem: string): ChatCompletionRequest => ({
  model: 'small',
  messages: [{ role: 'system', content: ASK_QUESTION_SYSTEM_TEMPLATE.replace('{{ remaining_questions }}', '21') + extraSystem }],
  response_format: { type: 'json_schema', json_schema: { name: 'response', schema: ASK_QUESTION_OUTPUT_SCHEMA, strict: true } },
});
const traceOf = (request: ChatCompletionRequest) => simulateCompletion(request, { seed: 1, oracles: TWENTY_QUESTIONS_ORACLES }).trace;

describe('21 Questions: worked examples count by correctness', () => {
  const none = measureGames({ tier: 'small' }, SEEDS, GAMES);

  it('good example questions win more games; vague ones win fewer than no examples', () => {
    expect(measureGames({ tier: 'small', extraSystem: block(GOOD) }, SEEDS, GAMES).solveRate).toBeGreaterThan(none.solveRate + 0.1);
    expect(measureGames({ tier: 'small', extraSystem: block(VAGUE) }, SEEDS, GAMES).solveRate).toBeLessThan(none.solveRate - 0.05);
  });

  it('vague examples teach vague questions', () => {
    const trace = traceOf(asker(block(VAGUE)));
    expect(trace.features.examples).toMatchObject({ wrong: 4, correct: 0 });
    expect(trace.profile.mistakeWeights.vague_question).toBeGreaterThan(1);
  });

  it('duplicates add nothing', () => {
    const once = traceOf(asker(block(GOOD.slice(0, 1))));
    const repeated = traceOf(asker(block(Array(5).fill(GOOD[0]))));
    expect(repeated.features.examples).toMatchObject({ correct: 1, duplicates: 4 });
    expect(repeated.profile.mistakeRate).toBe(once.profile.mistakeRate);
  });

  it('the game’s own earlier questions are not examples', () => {
    const request = asker('');
    request.messages.push({ role: 'assistant', content: example('Is it an animal?') }, { role: 'user', content: 'No.' });
    expect(traceOf(request).features.examples.shown).toBe(0);
  });
});

describe('21 Questions: instructions count with polarity and consistency', () => {
  it('"do not think step by step" earns nothing', () => {
    expect(traceOf(asker('\nDo not think step by step.')).profile.mistakeRate).toBe(traceOf(asker('')).profile.mistakeRate);
  });

  it('contradictory format instructions lose games', () => {
    const contradicting = measureGames({ tier: 'small', extraSystem: '\nAnswer in plain text, in full sentences; never use JSON.' }, SEEDS, GAMES);
    expect(contradicting.solveRate).toBeLessThan(measureGames({ tier: 'small' }, SEEDS, GAMES).solveRate - 0.05);
  });
});

describe('21 Questions: a custom prompt is still recognised', () => {
  it('an asker prompt that never names the game is recognised by its output schema', () => {
    const custom = asker('');
    custom.messages[0] = { role: 'system', content: 'Find the hidden thing with yes/no questions. Reply as JSON with "thinking" and "question".' };
    expect(traceOf(custom).oracle).toBe('21_questions_v0::ask_question');
  });
});
