/**
 * The environment bridge against a real Python subprocess (the project's .venv Python, or
 * python3): the round trip, concurrency, errors, crashes and restarts, preflight.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentUnavailableError } from '../errors';
import type { AgentBlock, EnvironmentDefinition, EnvironmentSpec } from '../types';
import { createBridgeClient, type BridgeClient } from './client';
import { createBridgedEnvironment, BridgedEnvironment } from './bridged-environment';
import { BridgeCrashedError, BridgeRemoteError, BridgeStartError, BridgeTimeoutError } from './errors';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'bridge');
const COUNTER = path.join(FIXTURES, 'counter_env.py');
const BROKEN = path.join(FIXTURES, 'broken_env.py');

const COUNTER_SPEC: EnvironmentSpec = {
  name: 'counter_v0',
  functions: {
    act: {
      type: 'chat',
      systemSchema: { type: 'object', properties: { target: { type: 'integer' } }, required: ['target'], additionalProperties: false },
      exampleSystemTemplate: 'Reach the number {{ target }} with the add tool, then say done.',
      toolsAvailable: ['add', 'sleep', 'explode'],
      toolChoice: 'auto',
      parallelTools: true,
    },
  },
  metrics: {
    reward: { type: 'float', optimize: 'max', level: 'inference' },
    success: { type: 'boolean', optimize: 'max', level: 'episode' },
    steps: { type: 'float', optimize: 'min', level: 'episode' },
  },
  tools: {
    add: {
      name: 'add',
      description: 'Add an integer to the counter.',
      parameters: { type: 'object', properties: { amount: { type: 'integer' } }, required: ['amount'], additionalProperties: false },
    },
    sleep: { name: 'sleep', description: 'Wait a while.', parameters: { type: 'object', properties: { seconds: { type: 'number' } }, required: ['seconds'] } },
    explode: {
      name: 'explode',
      description: 'Raise an exception (tests only).',
      parameters: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    },
  },
  horizon: 5,
};

const call = (id: string, name: string, args: Record<string, unknown>): AgentBlock[] => [{ type: 'tool_call', id, name, arguments: args }];

let client: BridgeClient;
let counter: EnvironmentDefinition;

beforeAll(() => {
  client = createBridgeClient({ extraModules: [COUNTER, BROKEN] });
  counter = createBridgedEnvironment('counter_v0', { client });
});

afterAll(async () => {
  await client.close();
});

describe('environment bridge: round trip', () => {
  it('describes with exactly the TypeScript EnvironmentSpec', async () => {
    expect(await counter.describe({})).toEqual(COUNTER_SPEC);
  });

  it('runs a multi-step episode with tool calls, inference- and episode-level feedback', async () => {
    const env = await counter.make({ taskSplit: 'train', config: {} });
    expect(env.numTasks).toBe(8);
    expect(env.spec).toEqual(COUNTER_SPEC);

    const reset = await env.reset(2);
    expect(reset.info).toEqual({ task_idx: 2, split: 'train' });
    expect(reset.observation).toEqual({
      functionName: 'act',
      system: [{ type: 'text_result', value: { target: 9 } }],
      messages: [{ role: 'user', content: [{ type: 'text_result', value: 'The counter is 0.' }] }],
    });

    const first = await env.step([...call('c1', 'add', { amount: 4 }), ...call('c2', 'add', { amount: 5 })]);
    expect(first.terminated).toBe(false);
    expect(first.truncated).toBe(false);
    expect(first.info).toEqual({ value: 9 });
    expect(first.feedback).toEqual({ inference: [{ name: 'reward', step: 1, value: 1 }], episode: [] });
    expect(first.observation.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', id: 'c1', name: 'add', result: 'The counter is 4.' },
        { type: 'tool_result', id: 'c2', name: 'add', result: 'The counter is 9.' },
      ],
    });

    const last = await env.step([{ type: 'text', content: 'done' }]);
    expect(last.terminated).toBe(true);
    expect(last.feedback).toEqual({
      inference: [{ name: 'reward', step: 2, value: 1 }],
      episode: [
        { name: 'success', value: true },
        { name: 'steps', value: 2 },
      ],
    });
    expect(last.observation.messages).toHaveLength(5); // user, assistant, tool results, assistant, user
    await env.close();
    await env.close(); // idempotent
    await expect(env.step([{ type: 'text', content: 'again' }])).rejects.toThrow(/closed environment/);
  });

  it('passes the split and env_config; a plain factory (task_split keyword, no describe) works too', async () => {
    const test = await counter.make({ taskSplit: 'test', config: { num_tasks: 3 } });
    expect(test.numTasks).toBe(3);
    expect((await test.reset(0)).observation.system).toEqual([{ type: 'text_result', value: { target: 101 } }]);
    await test.close();

    const plain = createBridgedEnvironment('counter_plain_v0', { client });
    expect(await plain.describe()).toEqual({ ...COUNTER_SPEC, name: 'counter_plain_v0' });
    const env = await plain.make({ taskSplit: 'test' });
    expect(env.numTasks).toBe(4);
    expect(env.spec.name).toBe('counter_plain_v0');
    await env.close();
  });

  it('reports an environment’s own errors by their Python class (bad split, bad task index, step before reset)', async () => {
    await expect(counter.make({ taskSplit: 'validation' })).rejects.toMatchObject({ name: 'InvalidEnvironmentConfigError', message: expect.stringContaining("unknown split 'validation'") });
    const env = await counter.make({ taskSplit: 'test' });
    await expect(env.step([{ type: 'text', content: 'done' }])).rejects.toMatchObject({ name: 'EnvironmentStateError' });
    await expect(env.reset(99)).rejects.toMatchObject({ name: 'InvalidTaskIndexError', message: expect.stringContaining('the split has 4 tasks') });
    await env.close();
  });
});

describe('environment bridge: concurrency and failures', () => {
  it('answers concurrent requests out of order, each matched to its request', async () => {
    const [slow, fast] = await Promise.all([counter.make({ taskSplit: 'train' }), counter.make({ taskSplit: 'test' })]);
    await Promise.all([slow.reset(0), fast.reset(1)]);
    const finished: string[] = [];
    const slowStep = slow.step(call('s', 'sleep', { seconds: 0.6 })).then((r) => (finished.push('slow'), r));
    const fastStep = fast.step(call('f', 'add', { amount: 102 })).then((r) => (finished.push('fast'), r));
    const pings = Promise.all([1, 2, 3].map(() => client.request<{ pid: number }>('ping').then((r) => (finished.push('ping'), r))));
    const [s, f] = await Promise.all([slowStep, fastStep, pings]);
    expect(finished.at(-1)).toBe('slow');
    expect(f.feedback.inference).toEqual([{ name: 'reward', step: 1, value: 1 }]);
    expect(s.observation.messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', id: 's', name: 'sleep', result: 'Slept.' }] });
    await Promise.all([slow.close(), fast.close()]);
  });

  it('turns a Python exception in step into a structured error; the process lives on', async () => {
    const env = await counter.make({ taskSplit: 'train' });
    await env.reset(0);
    const pid = client.pid;
    const err = await env.step(call('x', 'explode', { message: 'kaboom in step' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeRemoteError);
    const remote = err as BridgeRemoteError;
    expect(remote.name).toBe('RuntimeError'); // what rollouts record as error_type
    expect(remote.message).toBe('counter_v0: kaboom in step');
    expect(remote.pythonTraceback).toMatch(/counter_env\.py.*in _step/s);
    expect(remote.stack).toContain('Traceback (most recent call last)');
    expect(client.pid).toBe(pid);
    // the same process still serves this and other environments
    expect((await env.reset(1)).observation.functionName).toBe('act');
    await env.close();
  });

  it('rejects a request that outlives its timeout without killing the process', async () => {
    const env = await counter.make({ taskSplit: 'train' });
    const pid = client.pid;
    await env.reset(0);
    const id = (env as BridgedEnvironment).envId;
    await expect(client.request('step', { env_id: id, action: call('s', 'sleep', { seconds: 1 }) }, { timeoutMs: 100 })).rejects.toBeInstanceOf(BridgeTimeoutError);
    expect(client.pid).toBe(pid);
    await env.close();
  });

  it('fails the pending request with BridgeCrashedError when the process dies mid-episode, and restarts on the next request', async () => {
    const env = await counter.make({ taskSplit: 'train' });
    await env.reset(0);
    const oldPid = client.pid!;
    const oldGeneration = client.generation;
    const step = env.step(call('s', 'sleep', { seconds: 30 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(oldPid, 'SIGKILL');
    const err = await step.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeCrashedError);
    expect((err as BridgeCrashedError).signal).toBe('SIGKILL');
    // the lost environment fails fast and closes quietly
    await expect(env.reset(0)).rejects.toBeInstanceOf(BridgeCrashedError);
    await env.close();

    const again = await counter.make({ taskSplit: 'train' });
    expect(client.pid).toBeDefined();
    expect(client.pid).not.toBe(oldPid);
    expect(client.generation).toBe(oldGeneration + 1);
    expect((await again.reset(1)).observation.system).toEqual([{ type: 'text_result', value: { target: 6 } }]);
    await again.close();
  });

  it('fails with UnknownEnvironmentError naming the known environments, or the module that failed to import', async () => {
    const unknown = createBridgedEnvironment('no_such_env_v0', { client });
    await expect(unknown.make({ taskSplit: 'train' })).rejects.toMatchObject({
      name: 'UnknownEnvironmentError',
      message: expect.stringMatching(/no environment 'no_such_env_v0'.*known: .*counter_v0/s),
    });
    const broken = createBridgedEnvironment('broken_v0', { client });
    await expect(broken.describe()).rejects.toMatchObject({
      name: 'UnknownEnvironmentError',
      message: expect.stringContaining("broken_env.py, which registers it, failed to import: ModuleNotFoundError: No module named 'autopilot_bench_no_such_module'"),
    });
    // the other module of the same process is unaffected
    expect(await client.request<string[]>('list')).toEqual(expect.arrayContaining(['counter_v0', 'counter_plain_v0']));
  });
});

describe('environment bridge: preflight', () => {
  it('names every missing Python module and environment variable, with how to install or set them', async () => {
    const def = createBridgedEnvironment('counter_v0', {
      client,
      requires: {
        pythonModules: ['json', 'autopilot_bench_fake_module_xyz'],
        envVars: ['AUTOPILOT_BENCH_FAKE_KEY', 'AUTOPILOT_BENCH_SET_KEY'],
        envVarHints: { AUTOPILOT_BENCH_FAKE_KEY: 'set AUTOPILOT_BENCH_FAKE_KEY to your fake key' },
        installHint: '{python} -m pip install fake-package',
      },
    });
    const err = await def.preflight!({}, { AUTOPILOT_BENCH_SET_KEY: 'yes' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain("Python module 'autopilot_bench_fake_module_xyz' (ModuleNotFoundError: No module named 'autopilot_bench_fake_module_xyz')");
    expect(message).toContain(`${client.python} -m pip install fake-package`);
    expect(message).toContain('environment variable AUTOPILOT_BENCH_FAKE_KEY (not set): set AUTOPILOT_BENCH_FAKE_KEY to your fake key');
    expect(message).not.toContain("'json'");
    expect(message).not.toContain('AUTOPILOT_BENCH_SET_KEY');
    expect((err as EnvironmentUnavailableError).missing).toHaveLength(2);

    const ok = createBridgedEnvironment('counter_v0', { client, requires: { pythonModules: ['json'], envVars: ['AUTOPILOT_BENCH_SET_KEY'], installHint: 'n/a' } });
    await expect(ok.preflight!({}, { AUTOPILOT_BENCH_SET_KEY: 'yes' })).resolves.toBeUndefined();
  });

  it('reports a name the bridge does not provide, and a Python that cannot start', async () => {
    const unknown = createBridgedEnvironment('broken_v0', { client, requires: { installHint: 'install the broken dependency' } });
    await expect(unknown.preflight!({}, {})).rejects.toThrow(/the bridge environment 'broken_v0' \(.*No module named 'autopilot_bench_no_such_module'.*\): install the broken dependency/s);

    const nowhere = createBridgeClient({ python: '/nonexistent/python3' });
    const def = createBridgedEnvironment('counter_v0', { client: nowhere, requires: { installHint: 'n/a' } });
    await expect(def.preflight!({}, {})).rejects.toThrow(/a working Python for the bridge \(\/nonexistent\/python3\).*AUTOPILOT_BENCH_PYTHON/s);
    await expect(def.make({ taskSplit: 'train' })).rejects.toBeInstanceOf(BridgeStartError);
  });

  it('reports a Python that starts but exits at once (e.g. too old), with its last stderr line', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bridge-python-'));
    const fakePython = path.join(dir, 'python');
    await fs.writeFile(fakePython, '#!/bin/sh\necho "bridge_server.py needs Python >= 3.10, this is 3.8.10" >&2\nexit 3\n', { mode: 0o755 });
    try {
      const old = createBridgeClient({ python: fakePython });
      const def = createBridgedEnvironment('counter_v0', { client: old, requires: { installHint: 'n/a' } });
      await expect(def.preflight!({}, {})).rejects.toThrow(/exited with code 3: bridge_server\.py needs Python >= 3\.10, this is 3\.8\.10\): run `bash scripts\/setup\.sh`/);
      await expect(old.request('ping')).rejects.toBeInstanceOf(BridgeCrashedError);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
