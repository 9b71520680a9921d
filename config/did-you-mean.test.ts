import { closestMatch, editDistance } from './did-you-mean';

describe('did-you-mean', () => {
  it('counts insertions, deletions, substitutions and transpositions as one edit each', () => {
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('sed', 'seed')).toBe(1);
    expect(editDistance('seeds', 'seed')).toBe(1);
    expect(editDistance('seef', 'seed')).toBe(1);
    expect(editDistance('esed', 'seed')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest candidate within a third of the word length', () => {
    const keys = ['episodes_per_iteration', 'test_episodes_per_iteration', 'episode_concurrency'];
    expect(closestMatch('episodes_per_iteraton', keys)).toBe('episodes_per_iteration');
    expect(closestMatch('test_episode_per_iteration', keys)).toBe('test_episodes_per_iteration');
    expect(closestMatch('Episode_Concurrency', keys)).toBe('episode_concurrency');
    expect(closestMatch('colour', keys)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});
