import { loadSyntheticRows } from '../environments/ner/dataset';
import { nerOracle } from '../environments/ner/oracle';
import { parseAnswer } from '../environments/babyai/answers';
import { extractPromptFeatures } from './prompt-features';
import { simulateCompletion } from './simulate';
import { drawResponseSurface } from './response-surface';
import { chainOfThoughtFactor, errorProfile } from './skill';
import { nerRequest } from '../test/fixtures/ner-scenarios';
import { SIM_TIERS } from './tiers';
import type { Oracle } from '../common/oracle-contract/oracle';

const COT = 'Think step by step before you answer, but keep it brief.\nReply with one JSON object whose first key is "reasoning": one to three short sentences.';

/** A chat task whose answer is a JSON object, like an app that reads {"action": …}. */
const actionOracle: Oracle = {
  name: 'action_task',
  answer: (request) =>
    request.messages.some((m) => typeof m.content === 'string' && m.content.includes('GRID GAME'))
      ? { kind: 'text', ideal: '{"action":"go forward"}', difficulty: 0, mistakes: [] }
      : null,
};

describe('chain of thought in the simulator', () => {
  const asked = extractPromptFeatures({ model: 'small', messages: [{ role: 'system', content: COT }] });
  const seeds = Array.from({ length: 40 }, (_, seed) => drawResponseSurface(seed));

  it('is worth a different amount on each seed: on average it helps weaker tiers more, and on some seeds it hurts', () => {
    const mean = (tier: keyof typeof SIM_TIERS) => seeds.reduce((sum, s) => sum + chainOfThoughtFactor(SIM_TIERS[tier], asked, s), 0) / seeds.length;
    expect(mean('small')).toBeLessThan(mean('medium'));
    expect(mean('medium')).toBeLessThan(mean('large'));
    expect(mean('large')).toBeLessThan(1);
    expect(seeds.some((s) => chainOfThoughtFactor(SIM_TIERS.large, asked, s) > 1)).toBe(true);
  });

  it('can hurt under a strict schema that leaves no key to reason into, on the seeds that draw that penalty', () => {
    const strict = { ...asked, responseFormat: 'json_schema' as const, reasoningKey: null };
    const penalised = seeds.filter((s) => chainOfThoughtFactor(SIM_TIERS.medium, strict, s) > chainOfThoughtFactor(SIM_TIERS.medium, asked, s));
    expect(penalised.length).toBeGreaterThan(5);
    expect(penalised.length).toBeLessThan(seeds.length - 5);
  });

  it('reads the key the reasoning should go into only next to a step-by-step request', () => {
    const req = (system: string) => ({ model: 'small', messages: [{ role: 'system' as const, content: system }, { role: 'user' as const, content: 'hi' }] });
    expect(extractPromptFeatures(req(COT)).reasoningKey).toBe('reasoning');
    expect(extractPromptFeatures(req('Reply with JSON with the key "reasoning".')).reasoningKey).toBeNull();
  });

  it('writes brief reasoning first in a JSON answer, which still parses by its answer key and costs more tokens', () => {
    const request = (system: string) => ({
      model: 'medium',
      messages: [{ role: 'system' as const, content: `GRID GAME. ${system}` }, { role: 'user' as const, content: 'a ball 2 steps forward' }],
    });
    const plain = simulateCompletion(request('Answer with JSON.'), { seed: 1, oracles: [actionOracle] });
    const reasoned = simulateCompletion(request(COT), { seed: 1, oracles: [actionOracle] });
    const parsed = JSON.parse(reasoned.content ?? '');
    expect(Object.keys(parsed)).toEqual(['reasoning', 'action']);
    expect(parseAnswer(reasoned.content)).toBe('go forward');
    expect(reasoned.usage.completion_tokens).toBeGreaterThan(plain.usage.completion_tokens + 10);
  });

  it('adds the reasoning key to a json answer unless a strict schema forbids it', () => {
    const [row] = loadSyntheticRows();
    const base = nerRequest(row.input, { tier: 'large', system: 'template', responseFormat: 'none' });
    const withCot = { ...base, messages: [{ role: 'system' as const, content: `${COT}\n${base.messages[0].content as string}` }, ...base.messages.slice(1)] };
    const free = simulateCompletion(withCot, { seed: 3, oracles: [nerOracle] });
    if (free.trace.outcome !== 'malformed') expect(free.content).toMatch(/^\s*\{\s*"reasoning"/);
    const strict = nerRequest(row.input, { tier: 'large', system: 'template', responseFormat: 'json_schema' });
    const strictCot = { ...strict, messages: [{ role: 'system' as const, content: `${COT}\n${strict.messages[0].content as string}` }, ...strict.messages.slice(1)] };
    expect(simulateCompletion(strictCot, { seed: 3, oracles: [nerOracle] }).content).not.toContain('"reasoning"');
  });

  it('scales the mistake rate by the seed’s factor for the asking tier', () => {
    const without = { ...asked, asksStepByStep: false };
    const surface = seeds[3];
    expect(errorProfile(SIM_TIERS.small, asked, surface).mistakeRate).toBeCloseTo(surface.chainOfThought.small * errorProfile(SIM_TIERS.small, without, surface).mistakeRate);
  });
});
