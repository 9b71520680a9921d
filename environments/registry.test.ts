import { DuplicateEnvironmentError, UnknownEnvironmentError } from './errors';
import { getEnvironment, listEnvironments, registerEnvironment } from './index';
import { getEnvironment as getFromRegistryModule } from './registry';
import type { EnvironmentDefinition } from './types';

const fake = (name: string): EnvironmentDefinition => ({
  name,
  describe: async () => ({ name, functions: {}, metrics: {}, tools: {}, horizon: 1 }),
  make: async () => {
    throw new Error('not used');
  },
});

describe('environment registry', () => {
  it('holds the built-in NER environment, also when only registry.ts is imported', () => {
    expect(listEnvironments()).toContain('ner_conllpp_v0');
    expect(getFromRegistryModule('ner_conllpp_v0').name).toBe('ner_conllpp_v0');
  });

  it('throws UnknownEnvironmentError listing the known names', () => {
    expect(() => getEnvironment('nope_v0')).toThrow(UnknownEnvironmentError);
    expect(() => getEnvironment('nope_v0')).toThrow(/Unknown environment 'nope_v0'; known environments: .*ner_conllpp_v0/);
  });

  it('registers new environments; the same definition twice is fine, another under a taken name is not', () => {
    const def = fake('registry_test_v0');
    registerEnvironment(def);
    registerEnvironment(def);
    expect(getEnvironment('registry_test_v0')).toBe(def);
    expect(listEnvironments()).toEqual([...listEnvironments()].sort());
    expect(() => registerEnvironment(fake('registry_test_v0'))).toThrow(DuplicateEnvironmentError);
  });
});
