import { mulberry32 } from '../common/mulberry32';
import { seededRandom } from './seeded-random';

const take = (random: () => number, n: number) => Array.from({ length: n }, random);

describe('seededRandom', () => {
  it('repeats for the same seed and stream and differs across streams and seeds', () => {
    const a = take(seededRandom(42, 'bootstrap'), 5);
    expect(take(seededRandom(42, 'bootstrap'), 5)).toEqual(a);
    expect(take(seededRandom(42, 'task-sample'), 5)).not.toEqual(a);
    expect(take(seededRandom(43, 'bootstrap'), 5)).not.toEqual(a);
    expect(take(seededRandom(42 + 2 ** 32, 'bootstrap'), 5)).not.toEqual(a); // high bits count
    expect(take(seededRandom(-42, 'bootstrap'), 5)).not.toEqual(a);
  });

  it('does not hand neighbouring seeds the shifted sequence that seed + k seeding gives', () => {
    const next = take(seededRandom(8, 'task-sample'), 6);
    const current = take(seededRandom(7, 'task-sample'), 7);
    expect(next.slice(0, 6)).not.toEqual(current.slice(1, 7));
    // the old pattern: draw k of seed s is mulberry32(s + k), so seed 8's draw 1 is seed 7's draw 2
    expect(mulberry32(8 + 1)()).toBe(mulberry32(7 + 2)());
  });
});
