import { EnvironmentStateError, InvalidActionError, InvalidTaskIndexError } from '../errors';
import type { Environment } from '../types';
import { nerEnvironment } from './index';
import { loadSyntheticRows, selectSplit } from './dataset';

const testRows = selectSplit(loadSyntheticRows(), 'test');

async function testEnv(): Promise<Environment> {
  return nerEnvironment.make({ taskSplit: 'test' });
}

describe('ner_conllpp_v0', () => {
  it('describes one json function, two episode-level metrics, horizon 1 and no tools', async () => {
    const spec = await nerEnvironment.describe();
    expect(spec.name).toBe('ner_conllpp_v0');
    expect(Object.keys(spec.functions)).toEqual(['extract_entities']);
    const fn = spec.functions.extract_entities;
    expect(fn.type).toBe('json');
    expect(fn.systemSchema ?? null).toBeNull();
    expect(fn.userSchema ?? null).toBeNull();
    expect(fn.outputSchema).toMatchObject({ required: ['person', 'organization', 'location', 'miscellaneous'], additionalProperties: false });
    expect(fn.exampleSystemTemplate).toMatch(/JSON/);
    expect(spec.metrics).toEqual({
      exact_match: { type: 'boolean', optimize: 'max', level: 'episode' },
      jaccard_similarity: { type: 'float', optimize: 'max', level: 'episode' },
    });
    expect(spec.tools).toEqual({});
    expect(spec.horizon).toBe(1);
  });

  it('shows the sentence as the only user message, with no system arguments', async () => {
    const env = await testEnv();
    const { observation, info } = await env.reset(4);
    expect(observation).toEqual({
      functionName: 'extract_entities',
      system: null,
      messages: [{ role: 'user', content: [{ type: 'text_result', value: testRows[4].input }] }],
    });
    expect(info).toEqual({ task_idx: 4, task_split: 'test' });
  });

  it('scores the gold answer as an exact match with Jaccard 1 and ends the episode', async () => {
    const env = await testEnv();
    await env.reset(0);
    const step = await env.step({ type: 'json', content: { ...testRows[0].output } });
    expect(step.feedback).toEqual({ inference: [], episode: [{ name: 'exact_match', value: true }, { name: 'jaccard_similarity', value: 1 }] });
    expect(step.terminated).toBe(true);
    expect(step.observation.messages).toHaveLength(2);
    expect(step.observation.messages[1]).toEqual({ role: 'assistant', content: { type: 'json', content: testRows[0].output } });
  });

  it('scores a partial answer with exact_match false and the multiset Jaccard', async () => {
    const idx = testRows.findIndex((r) => r.output.person.length === 1 && r.output.location.length === 1 && r.output.organization.length + r.output.miscellaneous.length === 0);
    expect(idx).toBeGreaterThanOrEqual(0);
    const env = await testEnv();
    await env.reset(idx);
    const step = await env.step({ type: 'json', content: { person: testRows[idx].output.person, organization: [], location: [], miscellaneous: [] } });
    expect(step.feedback.episode).toEqual([{ name: 'exact_match', value: false }, { name: 'jaccard_similarity', value: 0.5 }]);
  });

  it('scores a null or wrongly shaped output as false / 0', async () => {
    for (const content of [null, { person: [] }, { person: 'x', organization: [], location: [], miscellaneous: [] }]) {
      const env = await testEnv();
      await env.reset(0);
      const step = await env.step({ type: 'json', content: content as Record<string, unknown> | null });
      expect(step.feedback.episode).toEqual([{ name: 'exact_match', value: false }, { name: 'jaccard_similarity', value: 0 }]);
    }
  });

  it('picks a task in range when reset() gets no index', async () => {
    const env = await testEnv();
    for (let i = 0; i < 20; i++) {
      const { info } = await env.reset();
      expect(info.task_idx).toEqual(expect.any(Number));
      expect(info.task_idx as number).toBeGreaterThanOrEqual(0);
      expect(info.task_idx as number).toBeLessThan(100);
    }
  });

  it('rejects an out-of-range index, a step before reset, a second step and a chat action', async () => {
    const env = await testEnv();
    await expect(env.reset(100)).rejects.toThrow(InvalidTaskIndexError);
    await expect(env.reset(-1)).rejects.toThrow(/task index -1 is out of range; the split has 100 tasks/);
    await expect(env.step({ type: 'json', content: null })).rejects.toThrow(EnvironmentStateError);
    await env.reset(0);
    await expect(env.step([{ type: 'text', content: '{}' }])).rejects.toThrow(InvalidActionError);
    await env.step({ type: 'json', content: null });
    await expect(env.step({ type: 'json', content: null })).rejects.toThrow(/after the episode ended/);
  });

  it('hands out a copy of the spec, so callers cannot change the environment', async () => {
    const spec = await nerEnvironment.describe();
    spec.horizon = 99;
    expect((await nerEnvironment.describe()).horizon).toBe(1);
  });
});
