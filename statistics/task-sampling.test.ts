import { sampleTaskIndices } from './task-sampling';

describe('sampleTaskIndices', () => {
  it('draws num distinct indices of the split, sorted, the same for the same seed', () => {
    const sample = sampleTaskIndices({ splitSize: 500, num: 40, seed: 1 });
    expect(sample).toHaveLength(40);
    expect(new Set(sample).size).toBe(40);
    expect(sample.every((i) => Number.isInteger(i) && i >= 0 && i < 500)).toBe(true);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
    expect(sampleTaskIndices({ splitSize: 500, num: 40, seed: 1 })).toEqual(sample);
  });

  it('spreads over the split: not the first N, and the top half is drawn about as often as the bottom', () => {
    const sample = sampleTaskIndices({ splitSize: 500, num: 40, seed: 1 });
    expect(sample).not.toEqual(Array.from({ length: 40 }, (_, i) => i));
    let upper = 0;
    for (let seed = 0; seed < 200; seed++) upper += sampleTaskIndices({ splitSize: 500, num: 40, seed }).filter((i) => i >= 250).length;
    // 8000 draws, half expected above the middle; 4 standard deviations ≈ 180
    expect(Math.abs(upper - 4000)).toBeLessThan(180);
  });

  it('neighbouring seeds draw independent samples, not shifted windows', () => {
    // Two independent 40-of-100 samples share 16 tasks on average (hypergeometric, sd ≈ 2.5);
    // a shifted window would share 39.
    let shared = 0;
    const pairs = 100;
    for (let seed = 0; seed < pairs; seed++) {
      const a = new Set(sampleTaskIndices({ splitSize: 100, num: 40, seed }));
      shared += sampleTaskIndices({ splitSize: 100, num: 40, seed: seed + 1 }).filter((i) => a.has(i)).length;
    }
    expect(Math.abs(shared / pairs - 16)).toBeLessThan(1);
  });

  it('every task of the split is reachable and equally likely', () => {
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const i of sampleTaskIndices({ splitSize: 10, num: 3, seed })) counts[i]++;
    // each index expected 600 times (sd ≈ 20.5)
    for (const count of counts) expect(Math.abs(count - 600)).toBeLessThan(85);
  });

  it('takes the whole split when num equals it, and refuses more', () => {
    expect(sampleTaskIndices({ splitSize: 5, num: 5, seed: 9 })).toEqual([0, 1, 2, 3, 4]);
    expect(sampleTaskIndices({ splitSize: 5, num: 0, seed: 9 })).toEqual([]);
    expect(() => sampleTaskIndices({ splitSize: 5, num: 6, seed: 9 })).toThrow('num = 6: cannot draw more tasks than the split holds (5)');
    expect(() => sampleTaskIndices({ splitSize: 5, num: 2, seed: 1.5 })).toThrow('seed = 1.5: must be a safe integer');
  });
});
