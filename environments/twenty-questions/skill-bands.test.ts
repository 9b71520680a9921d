import { measureGames } from '../../test/support/simulated-games';

/**
 * The simulated asker's skill on whole games (in-process, 160 games per setting): the tiers are
 * ordered, worked examples in the prompt help, dropping the response format hurts — so a better
 * prompt or model measurably solves more games in fewer questions. Deterministic.
 */
const SEEDS = [1, 2, 3, 4];
const GAMES = 40;
const EXAMPLES = [
  '',
  'Examples of good replies:',
  '{"thinking": "Nothing is known yet; about half of all things are made by people.", "question": "Is it made by people?"}',
  '{"thinking": "It is made by people; splitting by size next.", "question": "Is it bigger than a breadbox?"}',
  '{"thinking": "Only one thing fits every answer.", "question": "Is it a piano?"}',
  '{"thinking": "It is alive but not an animal; plants split by size.", "question": "Is it bigger than a breadbox?"}',
].join('\n');

describe('simulated 21 Questions skill', () => {
  const small = measureGames({ tier: 'small' }, SEEDS, GAMES);
  const medium = measureGames({ tier: 'medium' }, SEEDS, GAMES);
  const large = measureGames({ tier: 'large' }, SEEDS, GAMES);

  it('puts small with the example prompt at a quarter to two thirds of its games solved, large at nearly all', () => {
    expect(small.solveRate).toBeGreaterThanOrEqual(0.25);
    expect(small.solveRate).toBeLessThanOrEqual(0.7);
    expect(large.solveRate).toBeGreaterThanOrEqual(0.9);
  });

  it('orders the tiers by solve rate and by questions used', () => {
    expect(medium.solveRate).toBeGreaterThan(small.solveRate + 0.1);
    expect(large.solveRate).toBeGreaterThan(medium.solveRate + 0.1);
    expect(large.meanQuestions).toBeLessThan(medium.meanQuestions - 2);
    expect(medium.meanQuestions).toBeLessThan(small.meanQuestions);
  });

  it('rewards worked examples and punishes dropping the response format', () => {
    const withExamples = measureGames({ tier: 'small', extraSystem: EXAMPLES }, SEEDS, GAMES);
    const noFormat = measureGames({ tier: 'small', responseFormat: 'none' }, SEEDS, GAMES);
    expect(withExamples.solveRate).toBeGreaterThan(small.solveRate + 0.15);
    expect(withExamples.meanQuestions).toBeLessThan(small.meanQuestions);
    expect(noFormat.solveRate).toBeLessThan(small.solveRate);
  });
});
