import { applyRunOverrides, InvalidOverrideError, runSeeds, selectEnvironments, UnknownEnvironmentError } from './overrides';
import { parseConfig } from './load';

const config = parseConfig(`
environments:
  - name: ner_conllpp_v0
    function_name: ner_conllpp_v0::extract_entities
    metric_name: exact_match
    num_iterations: 3
    episodes_per_iteration: 100
    test_episodes_per_iteration: 50
  - name: babyai_pickup_v0
    function_name: babyai_pickup_v0::act
    metric_name: success
    num_iterations: 2
`);

describe('selectEnvironments', () => {
  it('returns all environments in file order without a name', () => {
    expect(selectEnvironments(config).map((e) => e.name)).toEqual(['ner_conllpp_v0', 'babyai_pickup_v0']);
  });

  it('returns the environment whose name matches exactly', () => {
    expect(selectEnvironments(config, 'babyai_pickup_v0').map((e) => e.name)).toEqual(['babyai_pickup_v0']);
  });

  it('throws a typed error naming the known names when nothing matches', () => {
    let caught: unknown;
    try {
      selectEnvironments(config, 'ner');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnknownEnvironmentError);
    expect(caught).toMatchObject({ name: 'UnknownEnvironmentError', requested: 'ner', knownNames: ['ner_conllpp_v0', 'babyai_pickup_v0'] });
    expect((caught as Error).message).toBe('no environment named "ner" in the config; known names: "ner_conllpp_v0", "babyai_pickup_v0"');
  });
});

describe('applyRunOverrides', () => {
  it('changes nothing without flags', () => {
    expect(applyRunOverrides(config, {})).toEqual({ config, seed: null, seeds: null, snapshot: null });
  });

  it('--episodes overrides both the train and the test episode counts of every selected environment', () => {
    const { config: out } = applyRunOverrides(config, { episodes: 10 });
    for (const env of out.environments) expect(env).toMatchObject({ episodes_per_iteration: 10, test_episodes_per_iteration: 10 });
  });

  it('--num-iterations overrides the YAML value', () => {
    const { config: out } = applyRunOverrides(config, { numIterations: 5 });
    expect(out.environments.map((e) => e.num_iterations)).toEqual([5, 5]);
  });

  it('--snapshot without --num-iterations runs exactly one iteration, ignoring the YAML', () => {
    const { config: out, snapshot } = applyRunOverrides(config, { snapshot: '/snapshots/ner/20260101T000000Z' });
    expect(out.environments.map((e) => e.num_iterations)).toEqual([1, 1]);
    expect(snapshot).toBe('/snapshots/ner/20260101T000000Z');
  });

  it('--snapshot with --num-iterations keeps the explicit count', () => {
    const { config: out } = applyRunOverrides(config, { snapshot: '/s', numIterations: 4 });
    expect(out.environments.map((e) => e.num_iterations)).toEqual([4, 4]);
  });

  it('--env selects before overriding, --seed is passed through without touching eval_config', () => {
    const resolved = applyRunOverrides(config, { env: 'ner_conllpp_v0', seed: 42, episodes: 7 });
    expect(resolved.seed).toBe(42);
    expect(resolved.config.environments).toHaveLength(1);
    expect(resolved.config.environments[0]).toMatchObject({ name: 'ner_conllpp_v0', seed: null, episodes_per_iteration: 7 });
    expect(() => applyRunOverrides(config, { env: 'nope' })).toThrow(UnknownEnvironmentError);
  });

  it('does not modify the input config', () => {
    applyRunOverrides(config, { episodes: 1, numIterations: 9 });
    expect(config.environments[0]).toMatchObject({ episodes_per_iteration: 100, test_episodes_per_iteration: 50, num_iterations: 3 });
  });

  it('rejects out-of-range overrides naming the flag', () => {
    expect(() => applyRunOverrides(config, { episodes: 0 })).toThrow(new InvalidOverrideError('--episodes', 0, 'must be an integer ≥ 1'));
    expect(() => applyRunOverrides(config, { numIterations: 1.5 })).toThrow('--num-iterations: must be an integer ≥ 0 (got 1.5)');
    expect(applyRunOverrides(config, { numIterations: 0 }).config.environments[0].num_iterations).toBe(0);
  });
});

describe('runSeeds: one run per seed', () => {
  const withSeeds = parseConfig(`
environments:
  - name: ner_conllpp_v0
    function_name: ner_conllpp_v0::extract_entities
    metric_name: exact_match
    seeds: [3, 1, 2]
  - name: babyai_pickup_v0
    function_name: babyai_pickup_v0::act
    metric_name: success
`);
  const [ner, babyai] = withSeeds.environments;
  const seedsOf = (overrides: Parameters<typeof applyRunOverrides>[1], env = ner, snapshot = false) => runSeeds(applyRunOverrides(withSeeds, overrides), env, snapshot);

  it('the YAML seeds in their order; an environment without them runs once with no seed', () => {
    expect(seedsOf({})).toEqual([3, 1, 2]);
    expect(seedsOf({}, babyai)).toEqual([null]);
  });

  it('--seeds overrides the YAML list for every environment, --seed makes it one run', () => {
    expect(seedsOf({ seeds: [7, 8] })).toEqual([7, 8]);
    expect(seedsOf({ seeds: [7, 8] }, babyai)).toEqual([7, 8]);
    expect(seedsOf({ seed: 5 })).toEqual([5]);
  });

  it('a snapshot takes no seed', () => {
    expect(seedsOf({ seeds: [7, 8] }, ner, true)).toEqual([null]);
  });

  it('refuses --seed with --seeds, an empty list and a repeated seed, naming the flag', () => {
    expect(() => applyRunOverrides(withSeeds, { seed: 1, seeds: [1, 2] })).toThrow(new InvalidOverrideError('--seeds', [1, 2], 'cannot be combined with --seed (give one seed or a list)'));
    expect(() => applyRunOverrides(withSeeds, { seeds: [] })).toThrow('--seeds: must list at least one seed (got [])');
    expect(() => applyRunOverrides(withSeeds, { seeds: [4, 4] })).toThrow('--seeds: lists seed 4 twice (got [4,4])');
    expect(() => applyRunOverrides(withSeeds, { seeds: [1.5] })).toThrow('--seeds: must be an integer');
  });
});
