import { babyaiOracle } from '../../environments/babyai/oracle';
import { simulateCompletion } from '../../sim-provider/simulate';
import { listOracles } from '../../sim-provider/oracles';
import { registerBuiltinOracles } from '../../workers/sim-oracles';
import { babyaiRequest } from '../fixtures/babyai/requests';

describe('BabyAI through the simulator', () => {
  const outcomes = (model: string) => {
    let ideal = 0;
    for (let seed = 0; seed < 200; seed++) {
      const completion = simulateCompletion(babyaiRequest('target_in_front', [], model), { seed, oracles: [babyaiOracle] });
      expect(typeof completion.content).toBe('string');
      if (completion.content === 'pick up') ideal++;
    }
    return ideal / 200;
  };

  it('answers with the ideal action most of the time, more often for stronger tiers', () => {
    const small = outcomes('small');
    const large = outcomes('large');
    // first turn, difficulty 0.5: P(no mistake) = exp(-mistakeRate * 0.5), about 0.58 (small) and 0.86 (large) averaged over seeds
    expect(small).toBeGreaterThan(0.45);
    expect(small).toBeLessThan(0.7);
    expect(large).toBeGreaterThan(0.78);
    expect(large - small).toBeGreaterThan(0.15);
  });

  it('is registered at the composition root', () => {
    registerBuiltinOracles();
    expect(listOracles().map((o) => o.name)).toContain('babyai_pickup_v0');
  });
});
