/**
 * The bridge's llmgym adapter against a stand-in llmgym package (test/fixtures/bridge/fake_llmgym,
 * put on PYTHONPATH): Pydantic-like types to our JSON and back, the split keys (`task_split`,
 * Harbor's `split`, the retry without a split), comment metrics left out, Harbor's close as an
 * awaited session cleanup.
 */
import * as path from 'node:path';
import { createBridgeClient, type BridgeClient } from './client';
import { createBridgedEnvironment } from './bridged-environment';

const FAKE_LLMGYM = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'bridge', 'fake_llmgym');

let client: BridgeClient;

beforeAll(() => {
  client = createBridgeClient({ env: { PYTHONPATH: FAKE_LLMGYM } });
});

afterAll(async () => {
  await client.close();
});

describe('llmgym adapter', () => {
  it('lists llmgym’s registered environments next to the project’s', async () => {
    expect(await client.request<string[]>('list')).toEqual(expect.arrayContaining(['fake_tools_v0', 'fake_json_v0', 'harbor_fake_v0', 'fake_nosplit_v0']));
  });

  it('describes functions (schemas from model classes, enums by value), metrics (without comment metrics) and tools', async () => {
    const spec = await createBridgedEnvironment('fake_tools_v0', { client }).describe({});
    expect(spec).toEqual({
      name: 'fake_tools_v0',
      functions: {
        act: {
          type: 'chat',
          systemSchema: { type: 'object', properties: { goal: { type: 'string' } }, required: ['goal'], title: 'GoalSchema' },
          userSchema: null,
          assistantSchema: null,
          exampleSystemTemplate: 'Goal: {{ goal }}',
          exampleUserTemplate: null,
          exampleAssistantTemplate: null,
          toolsAvailable: ['echo'],
          toolChoice: 'required', // llmgym's `any`
          parallelTools: false,
        },
      },
      metrics: {
        reward: { type: 'float', optimize: 'max', level: 'inference' },
        success: { type: 'boolean', optimize: 'max', level: 'episode' },
      },
      tools: {
        echo: { name: 'echo', description: 'Echo the text back.', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
      },
      horizon: 3,
    });
    const json = await createBridgedEnvironment('fake_json_v0', { client }).describe({});
    expect(json.functions.answer).toMatchObject({ type: 'json', outputSchema: { properties: { answer: { type: 'string' } } } });
  });

  it('converts observations, chat actions and feedback both ways, passing the split as task_split', async () => {
    const env = await createBridgedEnvironment('fake_tools_v0', { client }).make({ taskSplit: 'test' });
    expect(env.numTasks).toBe(2);
    const reset = await env.reset(1);
    expect(reset.info).toEqual({ task_idx: 1, task_split: 'test', enum: 'auto' });
    expect(reset.observation).toEqual({
      functionName: 'act',
      system: [{ type: 'text_result', value: { goal: 'echo hi' } }],
      messages: [{ role: 'user', content: [{ type: 'text_result', value: 'say something' }] }],
    });
    const step = await env.step([
      { type: 'text', content: 'calling' },
      { type: 'tool_call', id: 't1', name: 'echo', arguments: { text: 'hi' } },
    ]);
    expect(step.observation.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', content: 'calling' },
          { type: 'tool_call', id: 't1', name: 'echo', arguments: { text: 'hi' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', id: 't1', name: 'echo', result: 'hi' }] },
    ]);
    expect(step.feedback).toEqual({ inference: [{ name: 'reward', step: 1, value: 1 }], episode: [] });
    const done = await env.step([{ type: 'text', content: 'done' }]);
    expect(done.terminated).toBe(true);
    // the comment metric `note` is not in the spec, so its feedback is dropped
    expect(done.feedback).toEqual({ inference: [{ name: 'reward', step: 2, value: 0 }], episode: [{ name: 'success', value: true }] });
    await env.close();
  });

  it('converts json actions (an unparsable output too) and retries make without task_split for envs without splits', async () => {
    const env = await createBridgedEnvironment('fake_nosplit_v0', { client }).make({ taskSplit: 'train' });
    expect(env.numTasks).toBeNull();
    await env.reset();
    const step = await env.step({ type: 'json', content: { answer: '42' } });
    expect(step.feedback.episode).toEqual([{ name: 'exact_match', value: true }]);
    expect(step.observation.messages[1]).toEqual({ role: 'assistant', content: { type: 'json', content: { answer: '42' } } });
    await env.reset();
    const bad = await env.step({ type: 'json', content: null });
    expect(bad.feedback.episode).toEqual([{ name: 'exact_match', value: false }]);
    await env.close();
  });

  it('gives Harbor its `split` key and closes it by awaiting the session cleanup, not the synchronous close()', async () => {
    const harbor = createBridgedEnvironment('harbor_fake_v0', { client });
    const first = await harbor.make({ taskSplit: 'test' });
    expect(first.numTasks).toBe(2); // `split: test` reached the constructor
    await first.reset(0);
    await first.close(); // the sync close() would raise
    const second = await harbor.make({ taskSplit: 'train' });
    const reset = await second.reset(0);
    expect(reset.info.cleanups).toEqual(['harbor-test']);
    await second.close();
  });
});
