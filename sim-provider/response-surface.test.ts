import { drawResponseSurface, responseSurface } from './response-surface';

describe('the hidden response surface', () => {
  it('is the same for the same seed and different for another', () => {
    expect(drawResponseSurface(7)).toEqual(drawResponseSurface(7));
    expect(responseSurface(7)).toEqual(drawResponseSurface(7));
    expect(drawResponseSurface(8)).not.toEqual(drawResponseSurface(7));
  });

  it('keeps the tiers ordered on every seed but varies what the bigger tier buys, the best number of examples and whether thinking helps', () => {
    const surfaces = Array.from({ length: 200 }, (_, seed) => drawResponseSurface(seed));
    for (const s of surfaces) {
      expect(s.tierSkill.small).toBeLessThan(s.tierSkill.medium);
      expect(s.tierSkill.medium).toBeLessThan(s.tierSkill.large);
    }
    const gaps = surfaces.map((s) => s.tierSkill.large - s.tierSkill.medium);
    expect(Math.min(...gaps)).toBeLessThan(0.1);
    expect(Math.max(...gaps)).toBeGreaterThan(0.2);
    expect(new Set(surfaces.map((s) => s.exampleOptimum)).size).toBeGreaterThanOrEqual(6);
    expect(surfaces.some((s) => s.chainOfThought.large > 1)).toBe(true);
    expect(surfaces.some((s) => s.chainOfThought.large < 0.9)).toBe(true);
  });
});
