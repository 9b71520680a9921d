/**
 * The bridged built-ins (registered by name, preflight messages naming what to install or set),
 * and a whole rollout over a bridged environment: a Python exception fails that episode only.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentUnavailableError } from '../errors';
import { getEnvironment, listEnvironments } from '../registry';
import type { FeedbackRequest, InferenceRequest, InferenceResponse } from '../../gateway/wire';
import { runRollout } from '../../rollouts/run-rollout';
import { createBridgeClient, resolvePython, sharedBridgeClient } from './client';
import { createBridgedEnvironment } from './bridged-environment';
import { TAU2_VIRTUALENV } from './definitions';
import { HARBOR_VIRTUALENV } from './harbor-definitions';

afterAll(async () => {
  await sharedBridgeClient().close();
  await sharedBridgeClient(TAU2_VIRTUALENV).close();
  await sharedBridgeClient(HARBOR_VIRTUALENV).close();
});

describe('bridged built-in environments', () => {
  it('are registered by name', () => {
    expect(listEnvironments()).toEqual(expect.arrayContaining(['tau_bench_airline_v0', 'tau_bench_retail_v0', 'harbor_v0', 'babyai_pickup_v0', 'ner_conllpp_v0']));
  });

  it('τ-bench preflight asks for the user model’s key: OPENAI_API_KEY by default, the configured variable otherwise', async () => {
    const tau = getEnvironment('tau_bench_retail_v0');
    const byDefault = await tau.preflight!({}, {}).catch((e: unknown) => e);
    expect(byDefault).toBeInstanceOf(EnvironmentUnavailableError);
    expect((byDefault as Error).message).toMatch(/^tau_bench_retail_v0 cannot run here; missing:/);
    expect((byDefault as Error).message).toContain('environment variable OPENAI_API_KEY (not set)');
    expect((byDefault as Error).message).toContain('the τ-bench user simulator calls its model');
    // .venv-tau2 (scripts/setup.sh) holds tau2, so only the key is missing
    expect((byDefault as Error).message).not.toContain("Python module 'tau2'");
    const local = { model: 'small', base_url: 'http://127.0.0.1:9/v1' };
    const named = await tau.preflight!({ user_model: { ...local, api_key_env: 'MY_USER_KEY' } }, {}).catch((e: Error) => e.message);
    expect(named).toContain('environment variable MY_USER_KEY (not set)');
    expect(named).not.toContain('OPENAI_API_KEY');
    await expect(tau.preflight!({ user_model: { ...local, api_key_env: 'MY_USER_KEY' } }, { MY_USER_KEY: 'k' })).resolves.toBeUndefined();
    await expect(tau.preflight!({ user_model: local }, {})).resolves.toBeUndefined();
  }, 120_000);

  it('τ-bench preflight names tau2 and requirements-tau2.txt when its Python lacks them', async () => {
    const saved = process.env[TAU2_VIRTUALENV.pythonEnvVar];
    process.env[TAU2_VIRTUALENV.pythonEnvVar] = resolvePython(); // the default bridge Python: no tau2 there
    try {
      const message = await getEnvironment('tau_bench_airline_v0').preflight!({}, { OPENAI_API_KEY: 'k' }).catch((e: Error) => e.message);
      expect(message).toContain("Python module 'tau2' (ModuleNotFoundError");
      expect(message).toContain('bash scripts/setup.sh` (creates .venv-tau2 from requirements-tau2.txt');
      expect(message).not.toContain('OPENAI_API_KEY');
    } finally {
      if (saved === undefined) delete process.env[TAU2_VIRTUALENV.pythonEnvVar];
      else process.env[TAU2_VIRTUALENV.pythonEnvVar] = saved;
    }
  }, 60_000);

  it('Harbor needs DAYTONA_API_KEY only for Daytona sandboxes (more in harbor.test.ts)', async () => {
    const daytona = await getEnvironment('harbor_v0').preflight!({ dataset: 'lawbench@1.0', environment_type: 'daytona' }, {}).catch((e: Error) => e.message);
    expect(daytona).toContain('DAYTONA_API_KEY');
    const docker = await getEnvironment('harbor_v0').preflight!({ dataset: 'lawbench@1.0', environment_type: 'docker' }, {}).catch((e: Error) => e.message);
    expect(docker).not.toContain('DAYTONA_API_KEY');
  }, 60_000);

  it('BabyAI preflight asks for minigrid (present once scripts/setup.sh has installed requirements.txt)', async () => {
    const result = await getEnvironment('babyai_pickup_v0').preflight!({}, {}).then(() => 'ok', (e: Error) => e.message);
    if (result !== 'ok') expect(result).toMatch(/minigrid.*scripts\/setup\.sh/s);
  });
});

describe('a rollout over a bridged environment', () => {
  const client = createBridgeClient({ extraModules: [path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'bridge', 'counter_env.py')] });
  afterAll(() => client.close());

  it('runs episodes end to end; an exception in Python fails only its episode', async () => {
    const feedback: FeedbackRequest[] = [];
    let inferences = 0;
    const gateway = {
      async inference(request: InferenceRequest): Promise<InferenceResponse> {
        const target = (request.input.system as { target: number }).target;
        const first = request.input.messages!.length === 1;
        const base = { inference_id: `inf-${++inferences}`, episode_id: request.episode_id!, variant_name: 'initial', usage: { input_tokens: 1, output_tokens: 1 } };
        if (!first) return { ...base, content: [{ type: 'text', text: 'done' }] };
        // the task with target 6 makes the environment raise
        const [name, args] = target === 6 ? ['explode', { message: 'env bug' }] : ['add', { amount: target }];
        return { ...base, content: [{ type: 'tool_call', id: 'c1', raw_name: name as string, raw_arguments: JSON.stringify(args), name: name as string, arguments: args }] };
      },
      async feedback(request: FeedbackRequest) {
        feedback.push(request);
        return { feedback_id: `fb-${feedback.length}` };
      },
    };
    const outputDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bridge-rollout-'));
    try {
      const result = await runRollout({
        gateway,
        environment: createBridgedEnvironment('counter_v0', { client }),
        episodes: 4,
        concurrency: 4,
        taskSplit: 'train',
        episodeTimeoutMs: 30_000,
        seed: null,
        uniqueTasks: true, // tasks 0..3: targets 3, 6, 9, 12
        outputDir,
      });
      expect(result.total).toBe(4);
      expect(result.succeeded).toBe(3);
      expect(result.error_counts).toEqual({ RuntimeError: 1 });
      const failed = result.episode_results.find((r) => !r.success)!;
      expect(failed.error_message).toBe('counter_v0: env bug');
      expect(failed.stack_trace).toContain('counter_env.py');
      for (const r of result.episode_results.filter((e) => e.success)) expect(r.feedback_values).toEqual({ reward: [1, 1], success: [1], steps: [2] });
      expect(feedback.filter((f) => f.metric_name === 'reward').every((f) => typeof f.inference_id === 'string')).toBe(true);
      expect(feedback.filter((f) => f.metric_name === 'success').every((f) => typeof f.episode_id === 'string')).toBe(true);
    } finally {
      await fs.rm(outputDir, { recursive: true, force: true });
    }
  });
});
